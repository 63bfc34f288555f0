import { z } from 'zod';
import { storeEventTypes } from '../job-store/store-event-types.js';
import { webhookSecretKey, webhookSecretPrefix } from '../webhooks/sign-webhook.js';

const supportedVersions = ['v1'];

function plugin(kind: string, methods: string[]) {
  return z.custom<unknown>().superRefine((value, context) => {
    if (value === null || typeof value !== 'object') {
      context.addIssue({ code: 'custom', message: `expected ${kind}, got ${value === null ? 'null' : typeof value}` });
      return;
    }
    const candidate = value as Record<string, unknown>;
    const version = candidate.specificationVersion;
    if (!supportedVersions.includes(version as string)) {
      context.addIssue({
        code: 'custom',
        message: `${kind} speaks specification ${JSON.stringify(version)}, but this @cinema/core supports ${supportedVersions.join(', ')}: use a plugin release built for v1 or upgrade @cinema/core`,
      });
      return;
    }
    for (const method of methods) {
      if (typeof candidate[method] !== 'function') context.addIssue({ code: 'custom', message: `${kind} has no ${method}() method` });
    }
  });
}

const stagePlugin = plugin('a stage', ['plan', 'run']);

/** Stage lists accept falsy entries and nested arrays (`cond && myStage`); every stage must speak a known spec. */
function checkStageEntries(entries: unknown[], context: z.core.$RefinementCtx<unknown[]>) {
  const visit = (entry: unknown, path: (string | number)[]) => {
    if (!entry) return;
    if (Array.isArray(entry)) return entry.forEach((inner, index) => visit(inner, [...path, index]));
    const result = stagePlugin.safeParse(entry);
    if (result.success) return;
    for (const issue of result.error.issues) context.addIssue({ code: 'custom', message: issue.message, path: [...path, ...issue.path] });
  };
  entries.forEach((entry, index) => visit(entry, [index]));
}

/** One model, or a non-empty list tried in order (fallbacks). */
function modelChoice(kind: string, methods: string[]) {
  const one = plugin(kind, methods);
  return z.union([z.array(one).min(1, 'a fallback list needs at least one model'), one]);
}

const textModel = modelChoice('a text model', ['doGenerate']);
const imageModel = modelChoice('an image model', ['doGenerate']);
const videoModel = modelChoice('a video model', ['doStart', 'doStatus']);
const speechModel = modelChoice('a speech model', ['doGenerate']);

const positive = z.number().positive();

const webhook = z
  .object({
    url: z.string().refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), 'expected an http:// or https:// URL'),
    events: z.array(z.enum([...storeEventTypes, 'job.*', 'movie.*'])).optional(),
    secret: z
      .string()
      .refine(
        (secret) => secret.startsWith(webhookSecretPrefix) && /^[A-Za-z0-9+/]+={0,2}$/.test(secret.slice(webhookSecretPrefix.length)) && webhookSecretKey(secret).length >= 24 && webhookSecretKey(secret).length <= 64,
        `expected a Standard Webhooks secret: ${webhookSecretPrefix} and 24 to 64 bytes in base64 (make one with \`node -e "console.log('whsec_' + crypto.randomBytes(32).toString('base64'))"\`)`,
      ),
  })
  .strict();

export const configSchema = z
  .object({
    baseDir: z.string().min(1).optional(),
    store: z
      .union([z.function(), plugin('a job store', ['claim', 'enqueue', 'complete'])])
      .optional(),
    storage: plugin('an asset store', ['put', 'get', 'stat', 'url', 'list']).optional(),
    models: z
      .object({
        writer: textModel.optional(),
        enhancer: textModel.optional(),
        image: imageModel.optional(),
        characters: imageModel.optional(),
        keyframes: imageModel.optional(),
        video: videoModel.optional(),
        speech: speechModel.optional(),
        judge: textModel.optional(),
      })
      .strict()
      .optional(),
    postProduction: plugin('a post-production plugin', ['render']).optional(),
    limits: z
      .record(
        z.string(),
        z.object({ concurrency: z.number().int().positive().optional(), requestsPerMinute: positive.optional() }).strict(),
      )
      .optional(),
    budget: z.object({ maxCostUsd: z.number().nonnegative() }).strict().optional(),
    review: z.object({ before: z.array(z.string().min(1)) }).strict().optional(),
    checks: z.union([z.literal(false), plugin('an asset checker', ['check'])]).optional(),
    quality: z.object({ judgeThreshold: z.number().min(0).max(1).optional() }).strict().optional(),
    retry: z
      .object({ maxAttempts: z.number().int().positive().optional(), initialDelayMs: positive.optional(), maxDelayMs: positive.optional() })
      .strict()
      .optional(),
    timeouts: z.object({ attemptMs: positive.optional(), jobMs: positive.optional() }).strict().optional(),
    output: z
      .object({
        aspectRatio: z.enum(['16:9', '9:16', '1:1', '4:3', '21:9']).optional(),
        width: z.number().int().min(16).max(7680).optional(),
        height: z.number().int().min(16).max(4320).optional(),
        fps: z.number().positive().max(120).optional(),
        burnSubtitles: z.boolean().optional(),
        cards: z.boolean().optional(),
      })
      .strict()
      .optional(),
    music: z.object({ path: z.string().min(1), volume: z.number().min(0).max(4).optional() }).strict().optional(),
    stages: z.array(z.unknown()).superRefine(checkStageEntries).optional(),
    webhooks: z.array(webhook).optional(),
  })
  .strict();

import { describe, expect, it } from 'vitest';
import { CinemaError } from '../errors/index.js';
import type { GeneratedFile, ImageModelV1, ImageModelV1Result, InputFile, JsonValue, ModelWarning, OperationStatus, ProviderV1, SpeechModelV1, TextModelV1, VideoModelV1, VideoModelV1Result } from '../provider/v1/index.js';
import { resolveImageCapabilities, resolveVideoCapabilities } from '../provider/resolve-capabilities.js';
import { z } from 'zod';
import { screenplaySchema } from '../screenplay/screenplay-schema.js';

/** What to run the provider contract with. Leave a kind out when the provider does not offer it. */
export interface ProviderConformanceOptions {
  provider: ProviderV1;
  textModelId?: string;
  imageModelId?: string;
  videoModelId?: string;
  speechModelId?: string;
  /** A prompt the text model turns into a screenplay (`schemaName: 'screenplay'`). Default: a two-scene Fountain script. */
  script?: string;
  /** A small PNG to pass as a reference image or frame. Default: a 1x1 PNG. */
  referenceImage?: InputFile;
  /** How long to wait between status polls of long work. Default: 50 ms. */
  pollMs?: number;
  /** Per-test timeout in ms. Default: 60,000. */
  timeoutMs?: number;
  /** Downloads a URL result so its bytes can be checked. Default: `fetch`. */
  fetch?: typeof globalThis.fetch;
}

const tinyPng: InputFile = {
  path: 'reference.png',
  mediaType: 'image/png',
  label: 'char_1 front',
  data: Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')),
};

const defaultScript = `Title: The Test

INT. KITCHEN - DAY

ADA pours coffee.

ADA
Morning.

EXT. STREET - NIGHT

BO walks home in the rain.
`;

async function bytesOf(file: GeneratedFile, fetchFunction: typeof globalThis.fetch): Promise<Uint8Array> {
  if ('data' in file) return file.data;
  const response = await fetchFunction(file.url, { headers: file.headers });
  expect(response.ok, `download of ${file.url}`).toBe(true);
  return new Uint8Array(await response.arrayBuffer());
}

function expectCost(result: { costUsd: number }) {
  expect(Number.isFinite(result.costUsd), 'costUsd is a finite number').toBe(true);
  expect(result.costUsd).toBeGreaterThanOrEqual(0);
}

function expectModelShape(model: { specificationVersion: string; provider: string; modelId: string }, providerName: string) {
  expect(model.specificationVersion).toBe('v1');
  expect(model.provider).toBe(providerName);
  expect(typeof model.modelId).toBe('string');
  expect(model.modelId.length).toBeGreaterThan(0);
}

async function poll<Result>(status: () => Promise<OperationStatus<Result>>, pollMs: number, timeoutMs: number): Promise<Result> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await status();
    if (current.status === 'completed') return current.result;
    if (current.status === 'failed') throw new Error(`the work failed: ${current.message}`);
    expect(current.status).toBe('pending');
    if (Date.now() > deadline) throw new Error('the work did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, Math.min(current.pollAfterMs ?? pollMs, pollMs * 20)));
  }
}

/**
 * Runs the ProviderV1 contract: what the orchestrator relies on from every model a provider hands
 * out. Call it at the top level of a vitest test file:
 *
 * ```ts
 * runProviderConformance('my provider', { provider: createMyProvider(), imageModelId: 'draw-1' });
 * ```
 */
export function runProviderConformance(name: string, options: ProviderConformanceOptions): void {
  const { provider } = options;
  const pollMs = options.pollMs ?? 50;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const fetchFunction = options.fetch ?? globalThis.fetch;
  const reference = options.referenceImage ?? tinyPng;
  const base = { idempotencyKey: 'conformance-1' };

  describe(`ProviderV1 conformance: ${name}`, () => {
    it('declares its specification version and a name', () => {
      expect(provider.specificationVersion).toBe('v1');
      expect(typeof provider.name).toBe('string');
      expect(provider.name.length).toBeGreaterThan(0);
    });

    if (options.textModelId !== undefined) {
      const model = (): TextModelV1 => provider.textModel!(options.textModelId!);
      it('text: answers a screenplay request with JSON that the screenplay schema accepts', async () => {
        const text = model();
        expectModelShape(text, provider.name);
        const result = await text.doGenerate({
          ...base,
          system: 'Write a screenplay.',
          prompt: options.script ?? defaultScript,
          jsonSchema: z.toJSONSchema(screenplaySchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
          schemaName: 'screenplay',
        });
        expectCost(result);
        expect(() => JSON.stringify(result.object)).not.toThrow();
        expect(screenplaySchema.safeParse(result.object).success).toBe(true);
        expect(text.estimateCost?.({ prompt: 'x' }) ?? 0).toBeGreaterThanOrEqual(0);
      }, timeoutMs);
    }

    if (options.imageModelId !== undefined) {
      const model = (): ImageModelV1 => provider.imageModel!(options.imageModelId!);
      it('image: makes a picture, with and without reference images, and reports its cost', async () => {
        const image = model();
        expectModelShape(image, provider.name);
        const capabilities = resolveImageCapabilities(image);
        const aspectRatio = capabilities.aspectRatios[0]!;
        const run = async (referenceImages: InputFile[]): Promise<ImageModelV1Result> => {
          const call = { ...base, prompt: 'a red lighthouse on a cliff', referenceImages, aspectRatio };
          if (image.doStart && image.doStatus) {
            const started = await image.doStart(call);
            const operation = JSON.parse(JSON.stringify(started.operation)) as JsonValue;
            return poll(() => image.doStatus!({ operation }), pollMs, timeoutMs);
          }
          return image.doGenerate(call);
        };
        const results = [];
        if (!capabilities.requiresReferenceImage) results.push(await run([]));
        if (capabilities.maxReferenceImages > 0) results.push(await run([reference]));
        expect(results.length).toBeGreaterThan(0);
        for (const result of results) {
          expectCost(result);
          expect(result.images.length).toBeGreaterThan(0);
          const file = result.images[0]!;
          expect(file.mediaType).toMatch(/^image\//);
          expect((await bytesOf(file, fetchFunction)).byteLength).toBeGreaterThan(0);
        }
        expect(image.estimateCost?.({ prompt: 'x', aspectRatio, referenceImages: [] }) ?? 0).toBeGreaterThanOrEqual(0);
      }, timeoutMs);

      it('image: an aborted call rejects instead of running on', async () => {
        const image = model();
        const controller = new AbortController();
        controller.abort();
        const capabilities = resolveImageCapabilities(image);
        await expect(
          image.doGenerate({
            ...base,
            prompt: 'never drawn',
            referenceImages: capabilities.requiresReferenceImage ? [reference] : [],
            aspectRatio: capabilities.aspectRatios[0]!,
            abortSignal: controller.signal,
          }),
        ).rejects.toBeTruthy();
      }, timeoutMs);
    }

    if (options.videoModelId !== undefined) {
      const model = (): VideoModelV1 => provider.videoModel!(options.videoModelId!);
      it('video: start returns JSON-safe work that status finishes after a restart (a fresh model polls it)', async () => {
        const video = model();
        expectModelShape(video, provider.name);
        const capabilities = resolveVideoCapabilities(video);
        expect(capabilities.modes.length).toBeGreaterThan(0);
        expect(capabilities.durations.length).toBeGreaterThan(0);
        const mode = capabilities.modes.includes('image-to-video') ? 'image-to-video' : capabilities.modes[0]!;
        const started = await video.doStart({
          ...base,
          mode,
          prompt: 'waves on a pier',
          durationSeconds: Math.min(...capabilities.durations),
          aspectRatio: capabilities.aspectRatios[0]!,
          firstFrame: mode === 'text-to-video' ? undefined : reference,
          lastFrame: mode === 'first-last-frame' ? reference : undefined,
          referenceImages: [],
        });
        const operation = JSON.parse(JSON.stringify(started.operation)) as JsonValue;
        expect(operation).toEqual(started.operation);
        const restarted = model();
        const result: VideoModelV1Result = await poll(() => restarted.doStatus({ operation }), pollMs, timeoutMs);
        expectCost(result);
        expect(result.video.mediaType).toMatch(/^video\//);
        expect((await bytesOf(result.video, fetchFunction)).byteLength).toBeGreaterThan(0);
        expect(video.estimateCost?.({ mode, durationSeconds: capabilities.durations[0]!, aspectRatio: capabilities.aspectRatios[0]! }) ?? 0).toBeGreaterThanOrEqual(0);
      }, timeoutMs);
    }

    if (options.speechModelId !== undefined) {
      const model = (): SpeechModelV1 => provider.speechModel!(options.speechModelId!);
      it('speech: speaks a line as audio and reports its cost', async () => {
        const speech = model();
        expectModelShape(speech, provider.name);
        const result = await speech.doGenerate({ ...base, text: 'Keep the light burning.', voice: speech.voices?.[0] });
        expectCost(result);
        expect(result.audio.mediaType).toMatch(/^audio\//);
        expect((await bytesOf(result.audio, fetchFunction)).byteLength).toBeGreaterThan(0);
        if (result.durationSeconds !== undefined) expect(result.durationSeconds).toBeGreaterThan(0);
      }, timeoutMs);
    }

    it('refuses what it cannot serve with a CinemaError, or says what it did instead in a warning', async () => {
      const attempt = async (): Promise<{ warnings?: ModelWarning[] }> => {
        if (options.imageModelId !== undefined) {
          const image = provider.imageModel!(options.imageModelId);
          return image.doGenerate({ ...base, prompt: 'x', referenceImages: [reference], aspectRatio: 'not-a-ratio', size: { width: -1, height: -1 } });
        }
        if (options.videoModelId !== undefined) {
          return provider.videoModel!(options.videoModelId).doStart({ ...base, mode: 'text-to-video', prompt: 'x', durationSeconds: -1, aspectRatio: 'not-a-ratio', referenceImages: [] });
        }
        if (options.speechModelId !== undefined) return provider.speechModel!(options.speechModelId).doGenerate({ ...base, text: '' });
        return provider.textModel!(options.textModelId!).doGenerate({ ...base, prompt: '', jsonSchema: {}, schemaName: 'nothing-known' });
      };
      let outcome: { warnings?: ModelWarning[] };
      try {
        outcome = await attempt();
      } catch (error) {
        expect(CinemaError.isInstance(error), `threw ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`).toBe(true);
        return;
      }
      expect(outcome.warnings?.length ?? 0, 'it neither refused nor warned').toBeGreaterThan(0);
    }, timeoutMs);
  });
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Job } from '../job-store/v1/index.js';
import { mediaTypeFor } from '../movie/assets.js';
import type { JobOutcome } from '../pipeline/v1/index.js';
import type { InputFile, TextModelV1 } from '../provider/v1/index.js';
import type { AssetCheckerV1 } from '../quality/v1/index.js';
import { parseWriterOutput } from '../screenplay/scene-draft.js';

/** A vision model that scores takes (`models.judge`), and the score a take needs. */
export interface JudgeSettings {
  model: TextModelV1;
  /** Takes scoring below this (0..1) are made again. Default: 0.6. */
  threshold?: number;
  /** Frames of a clip shown to the judge. Default: 3. */
  frames?: number;
}

/** What the judge said of a take. */
export interface Judgement {
  /** 0 (wrong) to 1 (exactly as described). */
  score: number;
  problems: string[];
  costUsd: number;
}

const judgementSchema = z.object({
  score: z.number().min(0).max(1),
  problems: z.array(z.string()).default([]),
});
const judgementJsonSchema = z.toJSONSchema(judgementSchema, { io: 'input' }) as Record<string, unknown>;

export const judgeSystemPrompt = [
  'You are a film director reviewing one take. The first image or images are the take (a still, or frames',
  'of a clip in order); any after them are references: the character sheets and frames the take had to',
  'match. Score from 0 to 1 how well the take shows what the shot description asks, with each character',
  'looking like their reference, and list the problems you see (a wrong face, a missing character, a',
  'frozen or garbled picture, text artefacts). 1 is exactly right; below 0.6 should be made again.',
].join(' ');

/**
 * Asks the judge to score a take of a still or a clip against its shot's description and the
 * pictures it was made from (its dependencies' images: character sheets, first and last frames).
 * Returns undefined when there is nothing the judge can look at.
 */
export async function judgeTake(
  judge: JudgeSettings,
  checker: AssetCheckerV1 | undefined,
  movieDir: string,
  job: Job,
  outcome: JobOutcome,
  references: readonly Job[],
  context: { idempotencyKey: string; abortSignal: AbortSignal },
): Promise<Judgement | undefined> {
  const take: InputFile[] = [];
  for (const expectation of outcome.expect ?? []) {
    const absolutePath = join(movieDir, expectation.path);
    if (expectation.kind === 'image') take.push({ path: absolutePath, mediaType: mediaTypeFor(absolutePath), data: new Uint8Array(await readFile(absolutePath)), label: 'take' });
    else if (expectation.kind === 'video' && checker?.sample) take.push(...(await checker.sample(expectation, { absolutePath, count: judge.frames ?? 3, abortSignal: context.abortSignal })));
  }
  if (take.length === 0) return undefined;
  const pictures: InputFile[] = [];
  for (const reference of references) {
    for (const output of reference.outputs) {
      if (!mediaTypeFor(output.path).startsWith('image/')) continue;
      const absolutePath = join(movieDir, output.path);
      pictures.push({ path: absolutePath, mediaType: mediaTypeFor(absolutePath), data: new Uint8Array(await readFile(absolutePath)), label: reference.key });
    }
  }
  const description = (job.input as { prompt?: unknown } | null)?.prompt;
  const result = await judge.model.doGenerate({
    system: judgeSystemPrompt,
    prompt: `Shot description: ${typeof description === 'string' ? description : job.key}\nThe take is ${take.length} image(s); then ${pictures.length} reference image(s).`,
    images: [...take, ...pictures],
    jsonSchema: judgementJsonSchema,
    schemaName: 'take-judgement',
    idempotencyKey: `${context.idempotencyKey}-judge`,
    abortSignal: context.abortSignal,
  });
  const judgement = parseWriterOutput(judgementSchema, result.object, `judgement from ${judge.model.provider}/${judge.model.modelId}`);
  return { score: judgement.score, problems: judgement.problems, costUsd: Number.isFinite(result.costUsd) ? result.costUsd : 0 };
}

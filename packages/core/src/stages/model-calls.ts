import { CinemaError } from '../errors/index.js';
import type { ImageModelV1, ImageModelV1CallOptions, ImageModelV1Result } from '../provider/v1/image-model-v1.js';
import type { GeneratedFile, ModelWarning } from '../provider/v1/shared.js';
import type { SpeechModelV1, SpeechModelV1CallOptions, SpeechModelV1Result } from '../provider/v1/speech-model-v1.js';
import type { JobContext } from '../pipeline/stage.js';

/** Queue-based image models go through start + status so a restart re-attaches; quick ones are called directly. */
export async function generateImage(model: ImageModelV1, options: ImageModelV1CallOptions, context: JobContext): Promise<ImageModelV1Result> {
  if (model.doStart && model.doStatus) {
    const { doStart, doStatus } = model;
    return context.runOperation({
      start: () => doStart.call(model, options),
      status: (operation, abortSignal) => doStatus.call(model, { operation, abortSignal }),
    });
  }
  return model.doGenerate(options);
}

export async function generateSpeech(model: SpeechModelV1, options: SpeechModelV1CallOptions, context: JobContext): Promise<SpeechModelV1Result> {
  if (model.doStart && model.doStatus) {
    const { doStart, doStatus } = model;
    return context.runOperation({
      start: () => doStart.call(model, options),
      status: (operation, abortSignal) => doStatus.call(model, { operation, abortSignal }),
    });
  }
  return model.doGenerate(options);
}

export function firstImage(result: ImageModelV1Result, model: ImageModelV1): GeneratedFile {
  const image = result.images[0];
  if (!image) {
    throw new CinemaError({ message: `${model.provider}/${model.modelId} returned no image`, category: 'invalid_response', isRetryable: true });
  }
  return image;
}

export function reportWarnings(context: JobContext, model: { provider: string; modelId: string }, warnings: ModelWarning[] | undefined) {
  for (const warning of warnings ?? []) context.warn(`${model.provider}/${model.modelId}: ${warning.message}`);
}

export function costOf(result: { costUsd?: number }): number {
  return Number.isFinite(result.costUsd) ? (result.costUsd as number) : 0;
}

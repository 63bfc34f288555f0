import { CinemaError } from '../errors/index.js';
import type { Job } from '../job-store/v1/index.js';
import type { FindOptions, GeneratedFile, ImageModelV1, ImageModelV1CallOptions, ImageModelV1Result, JsonValue, ModelWarning, OperationStatus, SpeechModelV1, SpeechModelV1CallOptions, SpeechModelV1Result, StartedOperation } from '../provider/v1/index.js';
import type { JobContext, OperationCalls } from '../pipeline/v1/index.js';

/** The operation half of a model spec, shared by image, video and speech models. */
export interface OperatingModel<Options, Result> {
  doStart?(options: Options): Promise<StartedOperation>;
  doStatus?(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<Result>>;
  doFind?(options: Options & FindOptions): Promise<StartedOperation | undefined>;
  doCancel?(options: { operation: JsonValue }): Promise<void>;
}

/**
 * The calls `JobContext.runOperation` needs for one job, or undefined for a one-call model.
 * `doFind` is offered the time the job first started: work found for it cannot be older.
 */
export function operationCallsFor<Options, Result>(model: OperatingModel<Options, Result>, options: Options, job: Job): OperationCalls<Result> | undefined {
  const { doStart, doStatus, doFind } = model;
  if (!doStart || !doStatus) return undefined;
  return {
    start: () => doStart.call(model, options),
    status: (operation, abortSignal) => doStatus.call(model, { operation, abortSignal }),
    find: doFind && (() => doFind.call(model, { ...options, submittedAfter: job.firstStartedAt ?? 0 })),
  };
}

/** Asks the model to stop a job's saved operation, when it can (`Stage.cancel`). */
export async function cancelOperation(model: Pick<OperatingModel<never, never>, 'doCancel'>, job: Job): Promise<void> {
  if (job.operation !== null) await model.doCancel?.({ operation: job.operation });
}

/**
 * Runs the calls through the orchestrator and hands back the result with the warnings `doStart`
 * gave (a setting the model ignored) in front of the result's own: they are the user's to see.
 */
export async function runWithStartWarnings<Result extends { warnings?: ModelWarning[] }>(calls: OperationCalls<Result>, context: JobContext): Promise<Result> {
  let startWarnings: ModelWarning[] = [];
  const result = await context.runOperation({
    ...calls,
    start: async () => {
      const started = await calls.start();
      startWarnings = started.warnings ?? [];
      return started;
    },
  });
  return startWarnings.length > 0 ? { ...result, warnings: [...startWarnings, ...(result.warnings ?? [])] } : result;
}

/** Queue-based image models go through start + status so a restart re-attaches; quick ones are called directly. */
export async function generateImage(model: ImageModelV1, options: ImageModelV1CallOptions, job: Job, context: JobContext): Promise<ImageModelV1Result> {
  const calls = operationCallsFor(model, options, job);
  return calls ? runWithStartWarnings(calls, context) : model.doGenerate(options);
}

export async function generateSpeech(model: SpeechModelV1, options: SpeechModelV1CallOptions, job: Job, context: JobContext): Promise<SpeechModelV1Result> {
  const calls = operationCallsFor(model, options, job);
  return calls ? runWithStartWarnings(calls, context) : model.doGenerate(options);
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

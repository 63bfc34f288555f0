import type { FindOptions } from './find-options.js';
import type { ImageModelV1CallOptions } from './image-model-v1-call-options.js';
import type { ImageModelV1Capabilities } from './image-model-v1-capabilities.js';
import type { ImageModelV1Result } from './image-model-v1-result.js';
import type { JsonValue } from './json-value.js';
import type { OperationStatus } from './operation-status.js';
import type { StartedOperation } from './started-operation.js';

/**
 * An image model. Quick models implement `doGenerate` only. Queue-based ones also implement
 * `doStart` + `doStatus`, which core's stages then use instead, so a killed run re-attaches to the
 * work it already paid for rather than drawing it again.
 */
export interface ImageModelV1 {
  /** The model spec this model speaks; the config is refused with a clear error for any other. */
  readonly specificationVersion: 'v1';
  /**
   * The provider's name, e.g. `fal`: the lane the model's jobs run in, whose concurrency and
   * request rate `limits` sets, and the prefix of the model's name in messages. Must equal the
   * `name` of the provider that made it.
   */
  readonly provider: string;
  /**
   * The model's id at its provider, e.g. `fal-ai/flux/dev`; with `provider`, how messages name it.
   */
  readonly modelId: string;
  /**
   * What the model can do, where it differs from the defaults; missing fields take the defaults
   * documented on `ImageModelV1Capabilities` (see `resolveImageCapabilities`). Default: all
   * defaults.
   */
  readonly capabilities?: Partial<ImageModelV1Capabilities>;
  /**
   * Checks what can be checked before any job starts and without spending, such as an API key being
   * set, and throws a CinemaError that says what to do. Called by the stage that uses the model
   * before every run (`generate` and `resume`), which names the stage in the error. Default: no
   * check.
   */
  validate?(): void | Promise<void>;
  /**
   * Draws the picture in one call and returns it. Core's stages call it only when the model lacks
   * `doStart` or `doStatus`; it is required all the same, for fallback lists and direct use. Throw
   * a CinemaError on failure (an `ApiCallError` for an HTTP error): the orchestrator retries
   * retryable ones with backoff while the job has attempts left (3 by default), and retries a
   * `rate_limit` error (a 429) without using an attempt, no sooner than its `retryAfterMs`.
   */
  doGenerate(options: ImageModelV1CallOptions): Promise<ImageModelV1Result>;
  /**
   * Submits the work and returns as soon as the provider accepted it, with an operation to poll.
   * Called at most once per attempt and never while the job has a saved operation: core records the
   * idempotency key first and saves the operation as soon as this returns. When it throws, no
   * operation is saved and the attempt fails with its error. Optional, together with `doStatus`.
   */
  doStart?(options: ImageModelV1CallOptions): Promise<StartedOperation>;
  /**
   * Reports where the work stands (see `OperationStatus`), for an operation that `doStart` or
   * `doFind` returned and the job store kept as JSON, possibly in another process. Must not wait
   * for the work to finish: core owns the polling schedule and the deadline. `abortSignal` fires
   * when the attempt is abandoned. Optional, together with `doStart`.
   */
  doStatus?(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<ImageModelV1Result>>;
  /**
   * Finds work the provider already accepted for these options, for the one window start + status
   * cannot close: a stop or crash after the provider accepted a submission and before the job store
   * saved its operation. Returns that work's operation, or undefined when there is none (then the
   * job submits). Called before submitting again, and only for that window (the job recorded its
   * idempotency key but no operation, and no failure since); an operation another job of the movie
   * already holds is ignored. When it throws, the attempt fails and is retried: core never submits
   * without knowing. Default: none; a crash in that window can then pay twice, so document the
   * window in the provider's README.
   */
  doFind?(options: ImageModelV1CallOptions & FindOptions): Promise<StartedOperation | undefined>;
  /**
   * Asks the provider to stop work the run no longer wants, so queued work stops being billed:
   * called for a job with a saved operation when it is cancelled (`cinema cancel`), and when its
   * deadline passes while the provider is still working. Best effort: a failure is reported with
   * the cancel (or ignored at the deadline) and the job ends either way. Default: none, the work is
   * left to finish.
   */
  doCancel?(options: { operation: JsonValue }): Promise<void>;
  /**
   * Dollars a call would cost: the job's estimate, reserved against the budget while it runs and
   * summed by `cinema estimate`. Called while planning, so it must be quick and make no request;
   * core's stages pass the prompt, the film's aspect ratio and no reference images. Default: 0.
   */
  estimateCost?(options: Pick<ImageModelV1CallOptions, 'prompt' | 'aspectRatio' | 'referenceImages'>): number;
}

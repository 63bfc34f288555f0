import type { FindOptions } from './find-options.js';
import type { JsonValue } from './json-value.js';
import type { OperationStatus } from './operation-status.js';
import type { StartedOperation } from './started-operation.js';
import type { VideoModelV1CallOptions } from './video-model-v1-call-options.js';
import type { VideoModelV1Capabilities } from './video-model-v1-capabilities.js';
import type { VideoModelV1Result } from './video-model-v1-result.js';

/**
 * A video model. Clips take minutes, so the work is always start + status over an operation the job
 * store keeps: a killed run polls the same work again on resume instead of paying twice.
 */
export interface VideoModelV1 {
  /** The model spec this model speaks; the config is refused with a clear error for any other. */
  readonly specificationVersion: 'v1';
  /**
   * The provider's name, e.g. `fal`: the lane the model's jobs run in, whose concurrency and
   * request rate `limits` sets, and the prefix of the model's name in messages. Must equal the
   * `name` of the provider that made it.
   */
  readonly provider: string;
  /**
   * The model's id at its provider, e.g. `fal-ai/kling-video/v2.1/pro/image-to-video`; with
   * `provider`, how messages name it.
   */
  readonly modelId: string;
  /**
   * What the model can do, where it differs from the defaults; missing fields take the defaults
   * documented on `VideoModelV1Capabilities` (see `resolveVideoCapabilities`). Default: all
   * defaults.
   */
  readonly capabilities?: Partial<VideoModelV1Capabilities>;
  /**
   * Checks what can be checked before any job starts and without spending, such as an API key being
   * set, and throws a CinemaError that says what to do. Called by the video stage before every run
   * (`generate` and `resume`), which names the stage in the error. Default: no check.
   */
  validate?(): void | Promise<void>;
  /**
   * Submits the clip and returns as soon as the provider accepted it, with an operation to poll.
   * Called at most once per attempt and never while the job has a saved operation: core records the
   * idempotency key first and saves the operation as soon as this returns. When it throws, no
   * operation is saved and the attempt fails with its error; retryable errors are retried with
   * backoff while the job has attempts left (3 by default), a `rate_limit` error (a 429) without
   * using an attempt.
   */
  doStart(options: VideoModelV1CallOptions): Promise<StartedOperation>;
  /**
   * Reports where the clip stands (see `OperationStatus`), for an operation that `doStart` or
   * `doFind` returned and the job store kept as JSON, possibly in another process: a fresh instance
   * of the model must be able to poll it. Must not wait for the clip to finish: core owns the
   * polling schedule and the deadline. `abortSignal` fires when the attempt is abandoned.
   */
  doStatus(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<VideoModelV1Result>>;
  /**
   * Finds a clip the provider already accepted for these options, after a stop or crash between the
   * provider accepting the submission and the job store saving its operation. Returns its
   * operation, or undefined when there is none (then the job submits). Called only in that window
   * (see `FindOptions`); when it throws, the attempt is retried rather than submitting blind.
   * Default: none; a crash in that window can then pay twice, so document it in the README.
   */
  doFind?(options: VideoModelV1CallOptions & FindOptions): Promise<StartedOperation | undefined>;
  /**
   * Asks the provider to stop a clip the run no longer wants, so queued work stops being billed:
   * called when the job is cancelled (`cinema cancel`) and when its deadline passes while the
   * provider is still working. Best effort: the job ends either way. Default: none, the work is
   * left to finish.
   */
  doCancel?(options: { operation: JsonValue }): Promise<void>;
  /**
   * Dollars a clip would cost: the job's estimate, reserved against the budget while it runs and
   * summed by `cinema estimate`. Called while planning, so it must be quick and make no request.
   * Default: 0.
   */
  estimateCost?(options: Pick<VideoModelV1CallOptions, 'mode' | 'durationSeconds' | 'aspectRatio'>): number;
}

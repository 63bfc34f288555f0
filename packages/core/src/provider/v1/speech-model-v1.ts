import type { FindOptions } from './find-options.js';
import type { JsonValue } from './json-value.js';
import type { OperationStatus } from './operation-status.js';
import type { SpeechModelV1CallOptions } from './speech-model-v1-call-options.js';
import type { SpeechModelV1Result } from './speech-model-v1-result.js';
import type { StartedOperation } from './started-operation.js';

/**
 * A text-to-speech model. Quick models implement `doGenerate` only; queue-based ones also implement
 * `doStart` + `doStatus`, which core's audio stage then uses instead, so a killed run re-attaches
 * to the work it already paid for.
 */
export interface SpeechModelV1 {
  /** The model spec this model speaks; the config is refused with a clear error for any other. */
  readonly specificationVersion: 'v1';
  /**
   * The provider's name, e.g. `openai`: the lane the model's jobs run in, whose concurrency and
   * request rate `limits` sets, and the prefix of the model's name in messages. Must equal the
   * `name` of the provider that made it.
   */
  readonly provider: string;
  /**
   * The model's id at its provider, e.g. `gpt-4o-mini-tts`; with `provider`, how messages name it.
   */
  readonly modelId: string;
  /**
   * The voices the model offers, when it has a fixed list: what a character's `voice` may name.
   * Core does not choose from it (the provider conformance suite speaks in the first); it is there
   * for users and tools. Default: none, no fixed list.
   */
  readonly voices?: readonly string[];
  /**
   * Checks what can be checked before any job starts and without spending, such as an API key being
   * set, and throws a CinemaError that says what to do. Called by the audio stage before every run
   * (`generate` and `resume`), which names the stage in the error. Default: no check.
   */
  validate?(): void | Promise<void>;
  /**
   * Speaks the line in one call and returns the audio. Core's audio stage calls it only when the
   * model lacks `doStart` or `doStatus`; it is required all the same, for fallback lists and direct
   * use. Throw a CinemaError on failure: retryable ones are retried with backoff while the job has
   * attempts left (3 by default), a `rate_limit` error (a 429) without using an attempt.
   */
  doGenerate(options: SpeechModelV1CallOptions): Promise<SpeechModelV1Result>;
  /**
   * Submits the line and returns as soon as the provider accepted it, with an operation to poll.
   * Called at most once per attempt and never while the job has a saved operation. Optional,
   * together with `doStatus`.
   */
  doStart?(options: SpeechModelV1CallOptions): Promise<StartedOperation>;
  /**
   * Reports where the line stands (see `OperationStatus`), for an operation the job store kept as
   * JSON, possibly in another process. Must not wait for the work to finish: core owns the polling.
   * Optional, together with `doStart`.
   */
  doStatus?(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<SpeechModelV1Result>>;
  /**
   * Finds a line the provider already accepted for these options, after a stop or crash between the
   * provider accepting the submission and the job store saving its operation. Returns its
   * operation, or undefined when there is none (then the job submits). Called only in that window
   * (see `FindOptions`). Default: none; a crash in that window can then pay twice.
   */
  doFind?(options: SpeechModelV1CallOptions & FindOptions): Promise<StartedOperation | undefined>;
  /**
   * Asks the provider to stop work the run no longer wants (`cinema cancel`, a passed deadline), so
   * queued work stops being billed. Best effort. Default: none, the work is left to finish.
   */
  doCancel?(options: { operation: JsonValue }): Promise<void>;
  /**
   * Dollars the line would cost, from its text alone: the job's estimate, reserved against the
   * budget while it runs and summed by `cinema estimate`. Called while planning, so it must be
   * quick and make no request. Default: 0.
   */
  estimateCost?(options: Pick<SpeechModelV1CallOptions, 'text'>): number;
}

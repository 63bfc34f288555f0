import type { TextModelV1CallOptions } from './text-model-v1-call-options.js';
import type { TextModelV1Result } from './text-model-v1-result.js';

/**
 * A language model that answers with structured output (JSON matching a schema). Text calls are
 * quick, so there is no start + status: a run killed mid-call calls again on resume.
 */
export interface TextModelV1 {
  /** The model spec this model speaks; the config is refused with a clear error for any other. */
  readonly specificationVersion: 'v1';
  /**
   * The provider's name, e.g. `openai`: the lane the model's jobs run in, whose concurrency and
   * request rate `limits` sets, and the prefix of the model's name in messages. Must equal the
   * `name` of the provider that made it.
   */
  readonly provider: string;
  /** The model's id at its provider, e.g. `gpt-5-mini`; with `provider`, how messages name it. */
  readonly modelId: string;
  /**
   * Checks what can be checked before any job starts and without spending, such as an API key being
   * set, and throws a CinemaError that says what to do. Called by the stage that uses the model
   * before every run (`generate` and `resume`), which names the stage in the error. Default: no
   * check.
   */
  validate?(): void | Promise<void>;
  /**
   * Makes the call and returns the parsed answer. Throw a CinemaError on failure (an `ApiCallError`
   * for an HTTP error): the orchestrator retries retryable ones with backoff while the job has
   * attempts left (3 by default), and retries a `rate_limit` error (a 429) without using an
   * attempt, no sooner than its `retryAfterMs`.
   */
  doGenerate(options: TextModelV1CallOptions): Promise<TextModelV1Result>;
  /**
   * Dollars a call would cost, estimated from the prompt alone: the job's estimate, reserved
   * against the budget while it runs and summed by `cinema estimate`. Called while planning, so it
   * must be quick and make no request. Default: 0.
   */
  estimateCost?(options: Pick<TextModelV1CallOptions, 'prompt' | 'system'>): number;
}

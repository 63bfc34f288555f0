/**
 * Options every model call receives, whatever the model kind. The kind's own call options
 * (`ImageModelV1CallOptions`, ...) extend it.
 */
export interface ModelCallBase {
  /**
   * Aborted when the run no longer wants the call: Ctrl-C, the attempt's timeout (30 minutes by
   * default), a lost lease or `cinema cancel`. Pass it to every request the call makes and reject
   * promptly once it fires (the provider conformance suite checks this); the abort reason says why.
   * Core's stages always pass it; it is optional so that tests and scripts may call a model
   * directly without one.
   */
  abortSignal?: AbortSignal;
  /**
   * Identifies the submission, so that a provider which deduplicates by key runs it once however
   * often it is sent. Core derives it from the job (its movie, key and input hash) and the number
   * of failures the job has recorded: the same on every call of one attempt and after a crash and
   * resume of it, a new one after a recorded failure, so a retry of work the provider failed is not
   * deduplicated away. Providers that accept an idempotency key send it; others ignore it.
   */
  idempotencyKey: string;
  /**
   * Extra HTTP headers for this call's requests, added to the provider's own. Default: none (core's
   * stages send none). Models that make no HTTP requests ignore them.
   */
  headers?: Record<string, string>;
}

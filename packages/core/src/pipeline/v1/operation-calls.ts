import type { JsonValue, OperationStatus, StartedOperation } from '../../provider/v1/shared.js';

/**
 * Long provider work, as a stage hands it to `JobContext.runOperation`: the orchestrator submits
 * once, persists the operation, and polls; after a restart it re-attaches instead of paying again.
 */
export interface OperationCalls<Result> {
  /** Submits the work. Called at most once per attempt, and never while a saved operation exists. */
  start(): Promise<StartedOperation>;
  /** Where the work stands; the orchestrator owns the polling schedule and the timeouts. */
  status(operation: JsonValue, abortSignal: AbortSignal): Promise<OperationStatus<Result>>;
  /**
   * Finds work the provider already accepted for this submission, when a crash may have come
   * between the provider accepting it and the store recording it. Called before `start` only then.
   * Optional: without it that window can pay twice (the model's `doFind`).
   */
  find?(): Promise<StartedOperation | undefined>;
}

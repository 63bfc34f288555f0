import type { JsonValue } from '../../provider/v1/json-value.js';
import type { OperationStatus } from '../../provider/v1/operation-status.js';
import type { StartedOperation } from '../../provider/v1/started-operation.js';

/**
 * Long provider work, as a stage hands it to `JobContext.runOperation`: the orchestrator submits
 * once, persists the operation, and polls; after a restart it re-attaches instead of paying again.
 * Core's stages build it from a model's `doStart`, `doStatus` and `doFind`.
 */
export interface OperationCalls<Result> {
  /**
   * Submits the work. Called at most once per attempt, and never while a saved operation exists:
   * the job's idempotency key is recorded before the call and the operation saved right after it.
   */
  start(): Promise<StartedOperation>;
  /**
   * Where the work stands, for the saved operation (see `OperationStatus`). The orchestrator owns
   * the polling schedule and the deadline, and passes the attempt's abort signal.
   */
  status(operation: JsonValue, abortSignal: AbortSignal): Promise<OperationStatus<Result>>;
  /**
   * Finds work the provider already accepted for this submission, when a stop or crash may have
   * come between the provider accepting it and the store recording it. Called before `start` only
   * then; a found operation that another job already holds is ignored. Optional: without it that
   * window can pay twice (the model's `doFind`).
   */
  find?(): Promise<StartedOperation | undefined>;
}

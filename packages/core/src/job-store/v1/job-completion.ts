import type { JsonValue } from '../../provider/v1/json-value.js';
import type { JobOutput } from './job-output.js';

/** What `complete` records for a finished job: the stage's `JobOutcome`, as the store keeps it. */
export interface JobCompletion {
  /** The files the job wrote; they replace the job's `outputs`. */
  outputs: JobOutput[];
  /** The job's small JSON result. Default: none, stored as null. */
  result?: JsonValue;
  /** US dollars the finishing attempt cost, added to the job's `costUsd`. */
  costUsd: number;
  /**
   * The hash the job was made from, when it differs from the planned `inputHash`: the orchestrator
   * folds in the checksums of the dependencies' files the job read, so a job whose dependency was
   * made again is known to be stale. Stored as the job's `inputHash`. Default: the job's `inputHash`.
   */
  inputHash?: string;
}

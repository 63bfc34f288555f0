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
}

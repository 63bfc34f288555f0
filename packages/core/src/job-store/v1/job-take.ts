import type { JsonValue } from '../../provider/v1/json-value.js';
import type { JobOutput } from './job-output.js';

/**
 * One finished version of a job, kept when the job is made again (its inputs changed, a `redo`, a
 * user's own file through `addTake`), so every earlier version stays findable and can be picked back
 * (`pickTake`). The job's own `outputs`, `result` and `take` are always the take in use.
 */
export interface JobTake {
  /** 1 for the job's first finished version, then 2, 3, ... in the order they were made. */
  take: number;
  /**
   * The files of this take, as the job recorded them. The take in use has its files at these
   * paths; the orchestrator moves the files of the others aside, to
   * `takes/{job key}/take_{n}/{path}` (see `movieLayout.takeFile`).
   */
  outputs: JobOutput[];
  /** The take's JSON result. */
  result: JsonValue | null;
  /** What making this take cost, in US dollars (0 for a user's own file). */
  costUsd: number;
  /** The input hash the take was made from; a take whose hash matches the plan needs no remake. */
  inputHash: string;
  /** When the take was finished (or added). */
  completedAt: number;
}

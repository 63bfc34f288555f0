import type { JobOutput } from '../../job-store/v1/job.js';
import type { JsonValue } from '../../provider/v1/shared.js';

/** What a stage's `run` returns for a finished job. */
export interface JobOutcome {
  /** Files the job wrote, from `JobContext.writeAsset`: the store keeps their checksums. */
  outputs: JobOutput[];
  /** A small JSON result kept in the store, readable by later jobs and plans. Default: none. */
  result?: JsonValue;
  /** What the job's provider calls cost, in US dollars. */
  costUsd: number;
  /** Plan every stage again after this job (set by jobs that change the screenplay). Default: false. */
  replan?: boolean;
}

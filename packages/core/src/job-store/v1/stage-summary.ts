/** How many jobs are in each status, and what they cost: for one stage, or for the whole movie. */
export interface StageSummary {
  /** Every job, whatever its status. */
  total: number;
  /** Jobs waiting for dependencies, a retry's time or a worker. */
  pending: number;
  /** Jobs a worker holds with nothing submitted yet. */
  inProgress: number;
  /** Jobs whose provider work is submitted and being polled. */
  waiting: number;
  /** Jobs done. */
  completed: number;
  /** Jobs failed for good. */
  failed: number;
  /** Jobs stopped by `cinema cancel`. */
  cancelled: number;
  /** Jobs retired from the plan (not counted in `total`). */
  retired: number;
  /** US dollars spent so far, failed attempts included. */
  costUsd: number;
}

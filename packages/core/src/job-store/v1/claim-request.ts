/**
 * What a worker asks `claim` for: up to `limit` ready jobs of one movie, within the lanes' limits
 * and the budget. A job is ready when it is `pending`, its dependencies are complete and its
 * `runAt` has come; ready jobs are taken by `priority`, then `runAt`, then key.
 */
export interface ClaimRequest {
  /** The movie to claim from. */
  movieId: string;
  /** Who claims, written to each job's `leaseOwner`. */
  workerId: string;
  /** Claim at most this many; 0 claims none. */
  limit: number;
  /**
   * How long each lease lasts, in ms, before `reclaimExpired` may take the job back. Core's
   * orchestrator asks for 60,000 ms and heartbeats every third of it.
   */
  leaseMs: number;
  /** The caller's time, in ms since the epoch; a store never reads a clock of its own. */
  now: number;
  /**
   * Per lane, the most jobs that may be `in_progress` or `waiting` at once, across all processes on
   * the movie. Default: a lane not listed has no limit (core's orchestrator lists every lane).
   */
  laneConcurrency?: Record<string, number>;
  /** Lanes not to claim from now, e.g. those rate limited in this process. Default: none. */
  excludeLanes?: string[];
  /**
   * The movie's budget in dollars: a job is claimed only if spent (every job's `costUsd`) +
   * reserved (the estimates of `in_progress` and `waiting` jobs) + its own estimate stays within
   * it. A job that does not fit is skipped and cheaper ones may still be claimed. Default: no
   * budget.
   */
  maxCostUsd?: number;
}

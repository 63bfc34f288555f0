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
   * Per lane, the most jobs that may be `in_progress` or `waiting` at once, across every process
   * and every movie of the store: a provider limits an account, not a film. Default: a lane not
   * listed has no limit (core's orchestrator lists every lane).
   */
  laneConcurrency?: Record<string, number>;
  /**
   * Per lane, the most claims that may start in any 60-second window across every process and
   * every movie of the store. The store lets one job of the lane through every 60,000 / limit ms
   * (no bursts, so any window holds at most the limit) and remembers when the next may go, so
   * workers on other machines wait their turn too. Default: a lane not listed has no such limit.
   */
  laneRequestsPerMinute?: Record<string, number>;
  /**
   * Lanes not to claim from now, besides those paused in the store (`JobStoreV1.pauseLane`), which
   * a claim always passes over. Default: none.
   */
  excludeLanes?: string[];
  /**
   * The movie's budget in dollars: a job is claimed only if spent (every job's `costUsd`) +
   * reserved (the estimates of `in_progress` and `waiting` jobs) + its own estimate stays within
   * it. A job that does not fit is skipped and cheaper ones may still be claimed. Default: no
   * budget.
   */
  maxCostUsd?: number;
}

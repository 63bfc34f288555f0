import type { JobAttemptError } from './job-attempt-error.js';

/**
 * What `fail` records for a failed attempt, as core's orchestrator decided it from the error: when
 * to try again, whether the attempt counts, and whether the provider's work is kept.
 */
export interface JobFailure {
  /** Why the attempt failed; the store adds the attempt number and the time. */
  error: Omit<JobAttemptError, 'attempt' | 'at'>;
  /**
   * When to try again (the job goes back to `pending` with this `runAt`), or null to fail the job
   * for good. Core backs off exponentially with jitter from 1 s to 60 s, never sooner than a
   * server's Retry-After.
   */
  retryAt: number | null;
  /**
   * Whether the attempt counts against `maxAttempts`. False for rate limits: a 429 is the
   * provider's pacing, not the job's failure, so the attempt is given back.
   */
  consumeAttempt: boolean;
  /** US dollars the failed attempt cost, added to the job's `costUsd`. Default: 0. */
  costUsd?: number;
  /**
   * Keep the saved provider operation for the next attempt, which then re-attaches to it (status
   * `waiting`) instead of submitting again. Set when the provider finished the work, or may still,
   * and only fetching or checking its result failed (a download broke off, a 5xx on the result):
   * the work is paid for, so it is fetched again, never bought twice. Default: false, the operation
   * is dropped (the provider failed the work, or its result is gone) and the next attempt submits
   * anew.
   */
  keepOperation?: boolean;
}

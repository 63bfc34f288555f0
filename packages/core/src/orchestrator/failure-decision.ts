import type { CinemaError } from '../errors/cinema-error.js';
import type { Job } from '../job-store/v1/index.js';
import { retryDelay, type RetryPolicy } from './backoff.js';

/**
 * Where the job's provider work stands when the attempt fails:
 * - `none`: nothing was submitted, or the model has no operations (a one-call model);
 * - `saved`: the provider accepted the work and the store holds its operation;
 * - `discarded`: the provider failed the work, or no longer has its result (404, expired).
 */
export type OperationState = 'none' | 'saved' | 'discarded';

export interface FailureDecisionInput {
  job: Pick<Job, 'attempts' | 'maxAttempts' | 'firstStartedAt'>;
  error: CinemaError;
  operation: OperationState;
  now: number;
  retry: RetryPolicy;
  /** A job gives up this long after its first attempt started. */
  deadlineMs: number;
  random?: () => number;
}

export interface FailureDecision {
  /** When to try again, or null to fail the job for good. */
  retryAt: number | null;
  delayMs: number;
  /** False for rate limits: a 429 is the provider's pacing, not the job's failure. */
  consumeAttempt: boolean;
  /** Keep the saved operation so the next attempt fetches the paid-for result instead of buying it again. */
  keepOperation: boolean;
  rateLimited: boolean;
}

/**
 * What to do with a failed attempt: a pure function of the job, the error and the time, so every
 * rule is tested on its own.
 *
 * A saved operation is kept whenever the provider may still hold a good result: the download broke
 * off, the result endpoint answered 5xx or timed out, the attempt timed out while the work ran.
 * The one exception is a file that arrived but failed its checks on the last attempt: fetching the
 * same bad file again cannot help, so a later `cinema retry` submits anew.
 */
export function decideFailure({ job, error, operation, now, retry, deadlineMs, random }: FailureDecisionInput): FailureDecision {
  const rateLimited = error.category === 'rate_limit';
  const withinDeadline = job.firstStartedAt === null || now - job.firstStartedAt < deadlineMs;
  const retryable = error.isRetryable && withinDeadline && (rateLimited || job.attempts < job.maxAttempts);
  const saved = operation === 'saved';
  if (!retryable) {
    const fetchMayStillWork = error.category === 'network' || error.category === 'server' || error.category === 'timeout';
    return { retryAt: null, delayMs: 0, consumeAttempt: true, keepOperation: saved && withinDeadline && fetchMayStillWork, rateLimited };
  }
  const delayMs = retryDelay(job.attempts, retry, error.retryAfterMs, random);
  return { retryAt: now + delayMs, delayMs, consumeAttempt: !rateLimited, keepOperation: saved, rateLimited };
}

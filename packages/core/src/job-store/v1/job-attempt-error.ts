import type { ErrorCategory } from '../../errors/cinema-error.js';

/** Why one attempt of a job failed, as `Job.errors` keeps it. */
export interface JobAttemptError {
  /** Which attempt failed: the job's `attempts` when it failed, counting from 1. */
  attempt: number;
  /**
   * What went wrong, for the user, and what happens to the paid work next (e.g. that the next
   * attempt fetches it again).
   */
  message: string;
  /** The kind of failure, e.g. `rate_limit`, `content_policy`, `timeout`. */
  category: ErrorCategory;
  /** Whether the job was to be tried again after it. */
  isRetryable: boolean;
  /** When it failed, in ms since the epoch. */
  at: number;
}

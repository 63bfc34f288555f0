import type { JobStatus } from './job-status.js';

/**
 * What a `StoreEvent` reports. A job's events follow its row: the store derives them from the
 * change it makes, in the same transaction (see `storeEventTypeOf` for the rules every store
 * follows):
 *
 * - `movie.created`: `createMovie` made the movie.
 * - `movie.run_ended`: a run ended and saved the movie's state; `status` is the run's (`RunStatus`:
 *   `completed` when the film is done, `failed`, `stopped`, `budget_exceeded`, `awaiting_review`).
 * - `job.created`: `enqueue` added the job.
 * - `job.claimed`: a worker took the job (a new lease).
 * - `job.submitted`: the provider accepted its work (`in_progress` → `waiting`).
 * - `job.completed`: a finished version is in use (the attempt completed, or a take was picked or added).
 * - `job.attempt_failed`: an attempt failed and the job waits for its next one; `error` says why.
 * - `job.failed`: the job failed for good; `error` says why.
 * - `job.released`: the job was given back unfinished (a clean stop, or its lease ran out).
 * - `job.retried`: the job is `pending` again after it had failed, completed or been cancelled
 *   (`retry`, or a re-plan of its inputs).
 * - `job.cancelled`, `job.retired`: `cancel`, `retire`.
 * - `job.restored`: a retired job is back in the plan.
 * - `job.held`, `job.approved`: `hold`, `approve`.
 */
export type StoreEventType =
  | 'movie.created'
  | 'movie.run_ended'
  | 'job.created'
  | 'job.claimed'
  | 'job.submitted'
  | 'job.completed'
  | 'job.attempt_failed'
  | 'job.failed'
  | 'job.released'
  | 'job.retried'
  | 'job.cancelled'
  | 'job.retired'
  | 'job.restored'
  | 'job.held'
  | 'job.approved';

/**
 * One entry of the store's event log (its outbox): a change the store made, written in the same
 * transaction as the change, so a crash loses neither without the other. A live page and the
 * webhook deliverer read the log with `listEvents`.
 */
export interface StoreEvent {
  /**
   * The event's place in the log: 1 for the store's first, then increasing with every event, across
   * every movie, in the order the changes were committed; a reader that has seen `seq` n has seen
   * every event before it.
   */
  seq: number;
  type: StoreEventType;
  movieId: string;
  /** The job the event is about; null for a movie's events. */
  jobKey: string | null;
  /** The job's stage; null for a movie's events. */
  stage: string | null;
  /** The job's status after the change; for `movie.run_ended`, the run's status; else null. */
  status: JobStatus | (string & {}) | null;
  /** The job's attempts so far (`Job.attempts`); null for a movie's events. */
  attempts: number | null;
  /** What the job has cost so far, in US dollars (`Job.costUsd`); null for a movie's events. */
  costUsd: number | null;
  /** For `job.attempt_failed` and `job.failed`: the message of the job's last error; else null. */
  error: string | null;
  /** When the change was made (the job's or movie's `updatedAt`), in ms since the epoch. */
  at: number;
}

/** What `listEvents` reads: the events after a place in the log. */
export interface StoreEventQuery {
  /** Only events with a `seq` greater than this; 0 reads from the start. */
  after: number;
  /** Only this movie's events. Default: every movie's. */
  movieId?: string;
  /** At most this many, oldest first. Default: 1000. */
  limit?: number;
}

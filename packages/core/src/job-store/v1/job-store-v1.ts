import type { JsonValue } from '../../provider/v1/shared.js';
import type { ClaimRequest, Job, JobCompletion, JobFailure, JobLease, JobSpec, JobStatus, JobSummary, MovieRecord } from './job.js';

/**
 * Remembers every model call. Implementations must make `claim` atomic across processes, fence
 * every worker write by the lease token (a write with a stale token changes nothing and returns
 * false) and keep `enqueue` idempotent. `@cinema/core/testing` has the conformance suite.
 */
export interface JobStoreV1 {
  readonly specificationVersion: 'v1';
  /** For messages, e.g. `sqlite:/path/cinema.db`. */
  readonly description: string;

  /** Creates the movie, or returns the existing one with that id unchanged. */
  createMovie(movie: { id: string; input: JsonValue; now: number }): Promise<MovieRecord>;
  getMovie(movieId: string): Promise<MovieRecord | undefined>;
  listMovies(): Promise<MovieRecord[]>;
  saveState(movieId: string, state: JsonValue, now: number): Promise<void>;

  /**
   * Adds jobs whose key is new. A job that exists and is not completed is re-planned when its
   * `inputHash` differs. Returns how many jobs were created.
   */
  enqueue(movieId: string, specs: JobSpec[], now: number): Promise<{ created: number; updated: number }>;
  /** Atomically moves ready jobs to `in_progress` (or keeps `waiting` ones re-attachable), with a new lease. */
  claim(request: ClaimRequest): Promise<Job[]>;
  heartbeat(lease: JobLease, leaseMs: number, now: number): Promise<boolean>;
  /** Records the idempotency key before the first submission. */
  setSubmitKey(lease: JobLease, submitKey: string, now: number): Promise<boolean>;
  /** Records that the provider accepted the work: `in_progress` → `waiting`. */
  markSubmitted(lease: JobLease, operation: JsonValue, now: number): Promise<boolean>;
  /** `in_progress`/`waiting` → `completed`; unblocks dependents in the same transaction. */
  complete(lease: JobLease, completion: JobCompletion, now: number): Promise<boolean>;
  /**
   * Records the attempt's error; back to `pending` at `retryAt`, or `failed` when it is null. The
   * saved operation is cleared unless `failure.keepOperation` (then the next claim re-attaches).
   */
  fail(lease: JobLease, failure: JobFailure, now: number): Promise<boolean>;
  /** Gives the job back and the attempt with it (clean shutdown); a saved operation is kept. */
  release(lease: JobLease, now: number): Promise<boolean>;
  /**
   * Jobs whose lease expired go back to `pending`. One with a saved operation keeps it and gets its
   * attempt back (the next claim re-attaches); one without fails when it is out of attempts.
   */
  reclaimExpired(movieId: string, now: number): Promise<number>;
  /**
   * Ends now every lease `workerId` holds, for a worker known to be dead (a process of this host
   * that no longer exists), so `resume` after a crash need not wait for the leases to run out.
   * Optional: without it, such jobs are taken up again when their lease expires.
   */
  expireLeasesOf?(movieId: string, workerId: string, now: number): Promise<number>;

  getJob(movieId: string, key: string): Promise<Job | undefined>;
  listJobs(movieId: string, filter?: { status?: JobStatus; stage?: string }): Promise<Job[]>;
  summarize(movieId: string): Promise<JobSummary>;
  /**
   * Puts jobs back to `pending` with fresh attempts: every failed or cancelled job, or, with `keys`,
   * the jobs named, including completed ones (made again; their pending dependents wait for them).
   * A failed job keeps its saved operation (finished work whose result never arrived is fetched,
   * not bought again); completed and cancelled jobs lose it. Returns how many were reset.
   */
  retry(movieId: string, filter: { keys?: string[] }, now: number): Promise<number>;
  /**
   * Moves every `pending`, `in_progress` or `waiting` job of the movie (or those named in `keys`)
   * to `cancelled` and ends their leases, so a worker still running one finds its writes fenced.
   * Returns the jobs as they were, with their operations, so the caller can ask the provider to
   * stop work nobody wants any more. Completed and failed jobs are left alone.
   */
  cancel(movieId: string, filter: { keys?: string[] }, now: number): Promise<Job[]>;

  close(): Promise<void>;
}

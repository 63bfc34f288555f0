import type { JsonValue } from '../../provider/v1/json-value.js';
import type { ClaimRequest } from './claim-request.js';
import type { Job } from './job.js';
import type { JobCompletion } from './job-completion.js';
import type { JobFailure } from './job-failure.js';
import type { JobLease } from './job-lease.js';
import type { JobOutput } from './job-output.js';
import type { JobSpec } from './job-spec.js';
import type { JobStatus } from './job-status.js';
import type { JobSummary } from './job-summary.js';
import type { MovieRecord } from './movie-record.js';
import type { StoreEvent, StoreEventQuery } from './store-event.js';
import type { WebhookDelivery, WebhookDeliveryOutcome, WebhookLeaseRequest } from './webhook-delivery.js';

/**
 * Remembers every movie and every job of it, so a killed run resumes where it stopped and no
 * provider call is paid for twice. Several processes may work one movie through one store.
 *
 * An implementation must make `claim` atomic across processes (no job handed out twice, lane limits
 * held), fence every worker write by the lease token (a write with a stale token changes nothing
 * and returns false), keep `enqueue` idempotent, and hand out copies of what it stores. It takes
 * every time from its caller (`now`, in ms since the epoch) and reads no clock. A call about a
 * movie that was never created rejects with a `MovieNotFoundError`, except the reads (`getJob`,
 * `listJobs`, `summarize`), which find nothing. A store that cannot be used throws a
 * `JobStoreError` that says what to do; the run stops, and `resume` picks up from what the store
 * holds. `runJobStoreConformance` from `@cinema/core/testing` is the contract, run against every
 * store (`MemoryJobStore` included).
 */
export interface JobStoreV1 {
  /**
   * The job store spec this store speaks; the config is refused with a clear error for any other.
   */
  readonly specificationVersion: 'v1';
  /** Where the store keeps its data, for messages, e.g. `sqlite:/path/cinema.db` or `memory`. */
  readonly description: string;

  /**
   * Creates the movie with no state, or returns the existing one with that id unchanged (its first
   * input is kept). Called when a run starts on a movie the store does not have.
   */
  createMovie(movie: { id: string; input: JsonValue; now: number }): Promise<MovieRecord>;
  /** The movie with this id, or undefined when there is none. */
  getMovie(movieId: string): Promise<MovieRecord | undefined>;
  /** Every movie the store holds, in no particular order. */
  listMovies(): Promise<MovieRecord[]>;
  /** Replaces the movie's saved state and sets its `updatedAt`; called when a run ends. */
  saveState(movieId: string, state: JsonValue, now: number): Promise<void>;
  /**
   * Replaces what the movie is made from (`MovieRecord.input`: the script, redo settings) and sets
   * its `updatedAt`: an edited script, approved by the user, becomes the movie's. Throws
   * `MovieNotFoundError` for an unknown movie.
   */
  setMovieInput(movieId: string, input: JsonValue, now: number): Promise<void>;

  /**
   * Adds the jobs whose key is new, as `pending`, with their dependency edges, in one call that is
   * idempotent and safe to race (concurrent calls make one job per key). A job that exists with
   * the same `inputHash` is left alone, except a `retired` one, which comes back as it was
   * (`completed` if it had finished, else `pending`). One with a different `inputHash` is
   * re-planned, taking everything the new spec says (input, dependencies, lane, priority,
   * attempts, estimate; a held job stays held, and one whose spec says `held` is held again), if it is `pending` with no saved operation, `failed`, `cancelled`
   * or `retired` (back to `pending` with fresh attempts), or `completed`: then its finished version
   * becomes a take (`takes`) and it is made again, and its completed dependents stay as they are
   * until the orchestrator finds them stale. Jobs in flight
   * (`in_progress`, `waiting`, or `pending` with an operation) are left alone. Then every pending
   * job named has its unfinished dependencies counted again, since a dependency may have been
   * enqueued, completed or re-planned since. Returns how many jobs were created and how many
   * re-planned.
   */
  enqueue(movieId: string, specs: JobSpec[], now: number): Promise<{ created: number; updated: number }>;
  /**
   * Atomically takes up to `request.limit` ready jobs (see `ClaimRequest`; a `held` job is never
   * ready) and gives each a new lease: the token goes up, the attempt is counted, `firstStartedAt` is set on the first claim,
   * and the status becomes `in_progress`, or `waiting` for a job with a saved operation, which the
   * worker then re-attaches to. Returns the claimed jobs as they now are.
   */
  claim(request: ClaimRequest): Promise<Job[]>;
  /**
   * Stops every claim, by every process and for every movie, from taking jobs of `lane` until
   * `until` (ms since the epoch, on the caller's clock): a provider answered 429 with Retry-After,
   * and it limits the account, not the worker. A later pause that ends sooner does not shorten one
   * in force.
   */
  pauseLane(lane: string, until: number, now: number): Promise<void>;
  /**
   * Extends the lease to `now + leaseMs`. Returns false once the lease is lost (expired and taken
   * back, cancelled, or the job finished): core then aborts the attempt. Core's orchestrator calls
   * it for every lease it holds every third of the lease, and retries a thrown error at the next
   * beat.
   */
  heartbeat(lease: JobLease, leaseMs: number, now: number): Promise<boolean>;
  /**
   * Records the idempotency key as the job's `submitKey`, just before the provider is called, so a
   * crash before `markSubmitted` can be recognised (see `Job.submitKey`). The status is unchanged.
   */
  setSubmitKey(lease: JobLease, submitKey: string, now: number): Promise<boolean>;
  /**
   * Records that the provider accepted the work (or that `doFind` found it): saves the operation
   * and moves the job from `in_progress` to `waiting`.
   */
  markSubmitted(lease: JobLease, operation: JsonValue, now: number): Promise<boolean>;
  /**
   * `in_progress`/`waiting` → `completed`: stores the outputs and result, adds the cost, sets
   * `completedAt` and ends the lease; every dependent's count of unfinished dependencies goes down
   * in the same transaction.
   */
  complete(lease: JobLease, completion: JobCompletion, now: number): Promise<boolean>;
  /**
   * Records the attempt's error (numbered with the job's `attempts`) and cost, and ends the lease;
   * the job goes back to `pending` at `retryAt`, or to `failed` when it is null. The attempt is
   * given back unless `consumeAttempt`. The saved operation is cleared unless
   * `failure.keepOperation` (then the next claim re-attaches); the `submitKey` is kept.
   */
  fail(lease: JobLease, failure: JobFailure, now: number): Promise<boolean>;
  /**
   * Gives the job back, and the attempt with it, for a clean shutdown (Ctrl-C): `pending` again
   * with `runAt` now and no lease. A saved operation is kept, so `resume` re-attaches to it.
   */
  release(lease: JobLease, now: number): Promise<boolean>;
  /**
   * Takes back every `in_progress` or `waiting` job whose lease has run out (`leaseExpiresAt` at or
   * before `now`), ending the lease. One with a saved operation keeps it and gets its attempt back
   * (the next claim re-attaches); one without goes back to `pending`, or fails with a `timeout`
   * error when it is out of attempts. Returns how many were taken back. Core calls it when a run
   * starts, every 15 s, and while other processes hold jobs.
   */
  reclaimExpired(movieId: string, now: number): Promise<number>;
  /**
   * Ends now (sets to expire at `now`) every lease `workerId` holds on the movie, for a worker
   * known to be dead (a process of this host that no longer exists), so a `resume` after a crash
   * need not wait for the leases to run out; `reclaimExpired` then takes the jobs back. Returns how
   * many leases it ended. Optional: without it, such jobs are taken up again when their lease
   * expires.
   */
  expireLeasesOf?(movieId: string, workerId: string, now: number): Promise<number>;

  /** The job with this key, or undefined when the movie has none. */
  getJob(movieId: string, key: string): Promise<Job | undefined>;
  /**
   * The movie's jobs, only those in `filter.status` and of `filter.stage` when given, in no
   * particular order. Default filter: every job.
   */
  listJobs(movieId: string, filter?: { status?: JobStatus; stage?: string }): Promise<Job[]>;
  /**
   * The movie's jobs counted by status, in total and per stage, with what they cost (see
   * `JobSummary`).
   */
  summarize(movieId: string): Promise<JobSummary>;
  /**
   * Puts jobs back to `pending` with fresh attempts and `runAt` now: every failed or cancelled job,
   * or, with `keys`, the jobs named, including completed ones (made again; their pending dependents
   * wait for them). A failed job keeps its saved operation (finished work whose result never
   * arrived is fetched, not bought again); completed and cancelled jobs lose it. Errors and cost are
   * kept; `firstStartedAt` is cleared, so the job's deadline counts from its next attempt. Returns how many were reset; unknown keys are skipped.
   */
  retry(movieId: string, filter: { keys?: string[] }, now: number): Promise<number>;
  /**
   * Moves every `pending`, `in_progress` or `waiting` job of the movie (or those named in `keys`)
   * to `cancelled` and ends their leases, so a worker still running one finds its writes fenced.
   * Returns the jobs as they were, with their operations, so the caller can ask the provider to
   * stop work nobody wants any more. Completed and failed jobs are left alone.
   */
  cancel(movieId: string, filter: { keys?: string[] }, now: number): Promise<Job[]>;
  /**
   * Lets held jobs (`JobSpec.held`) be claimed: their `held` becomes false. Jobs named that are not
   * held are left alone; unknown keys are skipped. Returns how many were released.
   */
  approve(movieId: string, keys: string[], now: number): Promise<number>;
  /**
   * Holds jobs that are not in flight (`held` becomes true), so the claim passes them over until
   * `approve`: a redo holds what depends on the job it remakes until every take is in. Returns how
   * many were held.
   */
  hold(movieId: string, keys: string[], now: number): Promise<number>;
  /**
   * Takes jobs out of the film's plan (their scene was removed): status `retired`, lease ended, so
   * a worker still running one finds its writes fenced. Outputs and takes are kept; a later
   * `enqueue` of the same key brings the job back. Returns how many were retired.
   */
  retire(movieId: string, keys: string[], now: number): Promise<number>;
  /**
   * Makes take `take` of a job the one in use: the current version joins `takes`, the picked one
   * leaves them, and the job is `completed` with the picked outputs, result and input hash.
   * Dependents made from the old take become stale by their input hashes. Returns false when the job
   * or the take does not exist or the job is in flight.
   */
  pickTake(movieId: string, key: string, take: number, now: number): Promise<boolean>;
  /**
   * Puts a finished version made elsewhere (the user's own file) in use as the job's next take: the
   * current version, if any, joins `takes`; the job becomes `completed` with these outputs and
   * result (which may say where the file came from) and cost 0. Returns the new take's number, or
   * undefined when the job does not exist or is in flight.
   */
  addTake(movieId: string, key: string, take: { outputs: JobOutput[]; result?: JsonValue }, now: number): Promise<number | undefined>;

  /**
   * The event log's entries after `query.after`, oldest first (see `StoreEvent`). Every change that
   * has an event (`StoreEventType`) appends it in the same transaction, so what the log says
   * happened, happened, and nothing that happened is missing from it. Reads nothing a later commit
   * could still put before the last event returned.
   */
  listEvents(query: StoreEventQuery): Promise<StoreEvent[]>;
  /**
   * The `seq` of the log's last event (of `movieId`'s when given), or 0 when there is none: where a
   * reader that has just read the current state starts following the log.
   */
  lastEventSeq(movieId?: string): Promise<number>;
  /**
   * Takes, or keeps, the lease on a webhook's delivery for `request.owner`, unless another owner's
   * lease runs (and that owner is not `request.takeOverFrom`), and returns where the delivery
   * stands: the caller holds the lease when `owner` is its own. A webhook not seen before is created
   * at the end of the log (see `WebhookDelivery.deliveredSeq`).
   */
  leaseWebhook(request: WebhookLeaseRequest): Promise<WebhookDelivery>;
  /**
   * Records an attempt of the lease holder: delivered up to a `seq` (attempts back to 0), or failed
   * (attempts + 1, the next attempt's time and the error kept). Returns false, changing nothing, when
   * `owner` no longer holds the lease.
   */
  recordWebhookDelivery(webhookId: string, owner: string, outcome: WebhookDeliveryOutcome, now: number): Promise<boolean>;

  /**
   * Releases what the store holds open (a database connection). Called once, when its owner is done
   * with it (`MovieMaker.close`); no other call follows.
   */
  close(): Promise<void>;
}

import type {
  ClaimRequest,
  Job,
  JobCompletion,
  JobFailure,
  JobLease,
  JobOutput,
  JobSpec,
  JobStatus,
  JobStoreV1,
  JobSummary,
  JsonValue,
  MovieRecord,
  StoreEvent,
  StoreEventQuery,
  WebhookDelivery,
  WebhookDeliveryOutcome,
  WebhookLeaseRequest,
} from '@cinema/core';
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { openDatabase } from './open-database.js';
import { addTake } from './operations/add-take.js';
import { approveJobs } from './operations/approve-jobs.js';
import { cancelJobs } from './operations/cancel-jobs.js';
import { claimJobs } from './operations/claim-jobs.js';
import { completeJob } from './operations/complete-job.js';
import { enqueueJobs } from './operations/enqueue-jobs.js';
import { expireLeasesOf } from './operations/expire-leases-of.js';
import { extendLease } from './operations/extend-lease.js';
import { failJob } from './operations/fail-job.js';
import { getJob } from './operations/get-job.js';
import { pauseLane } from './operations/lane-state.js';
import { holdJobs } from './operations/hold-jobs.js';
import { lastEventSeq, listEvents } from './operations/list-events.js';
import { listJobs } from './operations/list-jobs.js';
import { markSubmitted } from './operations/mark-submitted.js';
import { createMovie, getMovie, listMovies, saveState, setMovieInput } from './operations/movies.js';
import { pickTake } from './operations/pick-take.js';
import { reclaimExpired } from './operations/reclaim-expired.js';
import { releaseJob } from './operations/release-job.js';
import { retireJobs } from './operations/retire-jobs.js';
import { retryJobs } from './operations/retry-jobs.js';
import { setSubmitKey } from './operations/set-submit-key.js';
import { summarizeMovie } from './operations/summarize-movie.js';
import { leaseWebhook, recordWebhookDelivery } from './operations/webhook-deliveries.js';
import { QueryRunner } from './query-runner.js';
import type { StoreDatabase } from './schema.js';
import { retryBusy, toStoreError } from './sqlite-errors.js';
import type { StoreContext } from './store-context.js';
import { WriteQueue } from './write-queue.js';

/** Settings of {@link createSqliteJobStore}. */
export interface SqliteJobStoreOptions {
  /**
   * The database file, e.g. `out/my-movie/cinema.db`; created with its schema when missing. Its
   * directory must exist. `:memory:` gives a private in-memory store (one connection, no resume).
   */
  path: string;
  /**
   * SQLite's `synchronous` setting. Default: `FULL`: a call that records work, money or a user's
   * decision (`complete`, `fail`, `markSubmitted`, `setSubmitKey`, `enqueue`, `retry`, `cancel`,
   * `approve`, `hold`, `retire`, `pickTake`, `addTake`, movies) resolves only once the commit is on
   * disk, so it survives a power loss. Lease moves (`claim`, `heartbeat`, `release`, `reclaimExpired`)
   * skip their own fsync and ride on the next one; losing them can only make a job run again. `NORMAL` skips every fsync: faster, but a power loss or OS crash may undo the last
   * commits (an application crash never does).
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long SQLite itself waits for another process's write lock, per try. Default: 5000 ms. */
  busyTimeoutMs?: number;
  /** How long in all a call keeps retrying while the database is locked before it throws. Default: 60000 ms. */
  busyRetryMs?: number;
}

/**
 * Opens the SQLite job store at `options.path`, creating it when missing. Throws a `JobStoreError`
 * naming the file when it is not a Cinema store, is corrupt, was written by a newer version, or its
 * directory does not exist; such files are never modified.
 */
export async function createSqliteJobStore(options: SqliteJobStoreOptions): Promise<SqliteJobStore> {
  const opened = await openDatabase({
    path: options.path,
    synchronous: options.synchronous ?? 'FULL',
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    busyRetryMs: options.busyRetryMs ?? 60_000,
  });
  return new SqliteJobStore(opened.database, opened.kysely, opened.path, options.busyRetryMs ?? 60_000, options.synchronous ?? 'FULL');
}

/**
 * A durable job store in one SQLite file (WAL), safe for several processes on one machine: every
 * claim and multi-statement write runs in a `BEGIN IMMEDIATE` transaction, so the lane-concurrency
 * and budget checks see every other process's claims, and a busy database is waited for, never
 * reported. Money is kept in integer micro-dollars, so sums are exact. Use
 * {@link createSqliteJobStore} to open one.
 */
export class SqliteJobStore implements JobStoreV1 {
  readonly specificationVersion = 'v1' as const;
  readonly description: string;
  private readonly context: StoreContext;
  private readonly queries: QueryRunner;
  private readonly writes: WriteQueue;

  /** @internal Use {@link createSqliteJobStore}. */
  constructor(
    private readonly database: Database.Database,
    private readonly db: Kysely<StoreDatabase>,
    /** Absolute path of the file, or `:memory:`. */
    readonly path: string,
    private readonly busyRetryMs: number,
    synchronous: 'FULL' | 'NORMAL',
  ) {
    this.description = `sqlite:${path}`;
    this.queries = new QueryRunner(database);
    this.context = { db, queries: this.queries, path };
    this.writes = new WriteQueue(database, { path, synchronous, busyRetryMs });
  }

  createMovie(movie: { id: string; input: JsonValue; now: number }): Promise<MovieRecord> {
    return this.writes.write('create a movie', 'durable', () => createMovie(this.context, movie));
  }

  getMovie(movieId: string): Promise<MovieRecord | undefined> {
    return this.read('read a movie', () => getMovie(this.context, movieId));
  }

  listMovies(): Promise<MovieRecord[]> {
    return this.read('list movies', () => listMovies(this.context));
  }

  saveState(movieId: string, state: JsonValue, now: number): Promise<void> {
    return this.writes.write('save the movie state', 'durable', () => saveState(this.context, movieId, state, now));
  }

  setMovieInput(movieId: string, input: JsonValue, now: number): Promise<void> {
    return this.writes.write('set the movie input', 'durable', () => setMovieInput(this.context, movieId, input, now));
  }

  enqueue(movieId: string, specs: JobSpec[], now: number): Promise<{ created: number; updated: number }> {
    return this.writes.write('enqueue jobs', 'durable', () => enqueueJobs(this.context, movieId, specs, now));
  }

  claim(request: ClaimRequest): Promise<Job[]> {
    return this.writes.write('claim jobs', 'lazy', () => claimJobs(this.context, request));
  }

  pauseLane(lane: string, until: number, _now: number): Promise<void> {
    return this.writes.write('pause a lane', 'durable', () => pauseLane(this.context, lane, until));
  }

  heartbeat(lease: JobLease, leaseMs: number, now: number): Promise<boolean> {
    return this.writes.write('extend a lease', 'lazy', () => extendLease(this.context, lease, leaseMs, now));
  }

  setSubmitKey(lease: JobLease, submitKey: string, now: number): Promise<boolean> {
    return this.writes.write('record a submit key', 'durable', () => setSubmitKey(this.context, lease, submitKey, now));
  }

  markSubmitted(lease: JobLease, operation: JsonValue, now: number): Promise<boolean> {
    return this.writes.write('record a submitted operation', 'durable', () => markSubmitted(this.context, lease, operation, now));
  }

  complete(lease: JobLease, completion: JobCompletion, now: number): Promise<boolean> {
    return this.writes.write('complete a job', 'durable', () => completeJob(this.context, lease, completion, now));
  }

  fail(lease: JobLease, failure: JobFailure, now: number): Promise<boolean> {
    return this.writes.write('record a failed attempt', 'durable', () => failJob(this.context, lease, failure, now));
  }

  release(lease: JobLease, now: number): Promise<boolean> {
    return this.writes.write('release a job', 'lazy', () => releaseJob(this.context, lease, now));
  }

  reclaimExpired(movieId: string, now: number): Promise<number> {
    return this.writes.write('reclaim expired leases', 'lazy', () => reclaimExpired(this.context, movieId, now));
  }

  expireLeasesOf(movieId: string, workerId: string, now: number): Promise<number> {
    return this.writes.write('expire the leases of a stopped worker', 'lazy', () => expireLeasesOf(this.context, movieId, workerId, now));
  }

  getJob(movieId: string, key: string): Promise<Job | undefined> {
    return this.read('read a job', () => getJob(this.context, movieId, key));
  }

  listJobs(movieId: string, filter: { status?: JobStatus; stage?: string } = {}): Promise<Job[]> {
    return this.read('list jobs', () => listJobs(this.context, movieId, filter));
  }

  summarize(movieId: string): Promise<JobSummary> {
    return this.read('summarize jobs', () => summarizeMovie(this.context, movieId));
  }

  retry(movieId: string, filter: { keys?: string[] }, now: number): Promise<number> {
    return this.writes.write('retry jobs', 'durable', () => retryJobs(this.context, movieId, filter, now));
  }

  cancel(movieId: string, filter: { keys?: string[] }, now: number): Promise<Job[]> {
    // Durable: a cancel lost to a power loss would let unwanted work run, and be paid for, again.
    return this.writes.write('cancel jobs', 'durable', () => cancelJobs(this.context, movieId, filter, now));
  }

  // A user's decisions below are durable: one lost to a power loss would run, or pay for, work they
  // did not want, or lose a take they chose.
  approve(movieId: string, keys: string[], now: number): Promise<number> {
    return this.writes.write('approve jobs', 'durable', () => approveJobs(this.context, movieId, keys, now));
  }

  hold(movieId: string, keys: string[], now: number): Promise<number> {
    return this.writes.write('hold jobs', 'durable', () => holdJobs(this.context, movieId, keys, now));
  }

  retire(movieId: string, keys: string[], now: number): Promise<number> {
    return this.writes.write('retire jobs', 'durable', () => retireJobs(this.context, movieId, keys, now));
  }

  pickTake(movieId: string, key: string, take: number, now: number): Promise<boolean> {
    return this.writes.write('pick a take', 'durable', () => pickTake(this.context, movieId, key, take, now));
  }

  addTake(movieId: string, key: string, take: { outputs: JobOutput[]; result?: JsonValue }, now: number): Promise<number | undefined> {
    return this.writes.write('add a take', 'durable', () => addTake(this.context, movieId, key, take, now));
  }

  listEvents(query: StoreEventQuery): Promise<StoreEvent[]> {
    return this.read('read the event log', () => listEvents(this.context, query));
  }

  lastEventSeq(movieId?: string): Promise<number> {
    return this.read('read the event log', () => lastEventSeq(this.context, movieId));
  }

  // Lazy: a lease lost to a power loss is taken again; a delivery lost with it is sent again, which
  // receivers de-duplicate by the event's id.
  leaseWebhook(request: WebhookLeaseRequest): Promise<WebhookDelivery> {
    return this.writes.write('lease a webhook', 'lazy', () => leaseWebhook(this.context, request));
  }

  recordWebhookDelivery(webhookId: string, owner: string, outcome: WebhookDeliveryOutcome, now: number): Promise<boolean> {
    return this.writes.write('record a webhook delivery', 'lazy', () => recordWebhookDelivery(this.context, webhookId, owner, outcome, now));
  }

  async close(): Promise<void> {
    // Writes already asked for are committed first.
    await this.writes.drain();
    this.queries.clear();
    // Kysely only builds queries here (and ran the migrations), so the connection is closed directly.
    await this.db.destroy();
    if (this.database.open) this.database.close();
  }

  /** Reads run outside the write queue, on the last committed state; a locked database is waited for. */
  private async read<T>(action: string, body: () => T): Promise<T> {
    try {
      return await retryBusy(body, this.busyRetryMs, this.path);
    } catch (error) {
      throw toStoreError(error, this.path, action);
    }
  }
}

import { randomUUID } from 'node:crypto';
import { JobStoreError } from '@cinema/core';
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
import { Kysely, PostgresDialect } from 'kysely';
import type { PostgresPool } from 'kysely';
import { CompiledQueries } from './compiled-queries.js';
import { createPool, describeConnection, describePool } from './connection.js';
import { addTake } from './operations/add-take.js';
import { approveJobs } from './operations/approve-jobs.js';
import { pauseLane } from './operations/lane-state.js';
import { cancelJobs } from './operations/cancel-jobs.js';
import { claimJobs, findClaimed } from './operations/claim-jobs.js';
import { completedUnder, completeJob } from './operations/complete-job.js';
import { enqueueJobs } from './operations/enqueue-jobs.js';
import { expireLeasesOf } from './operations/expire-leases-of.js';
import { extendLease } from './operations/extend-lease.js';
import { failJob } from './operations/fail-job.js';
import { getJob } from './operations/get-job.js';
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
import type { PostgresJobStoreOptions } from './postgres-job-store-options.js';
import { prepareSchema } from './prepare-schema.js';
import { withReconnect } from './reconnect.js';
import type { StoreDatabase } from './schema.js';
import type { ClockSource } from './store-clock.js';
import type { StoreContext } from './store-context.js';

const clockSources: readonly ClockSource[] = ['database', 'caller'];

/**
 * The PostgreSQL job store at `options.connectionString` (or on `options.pool`), for a
 * `cinema.config.ts`: `store: createPostgresJobStore({ connectionString: process.env.DATABASE_URL })`.
 * Returns at once without connecting; the first call connects, and creates or migrates the schema.
 * Throws a `JobStoreError` for settings that cannot work (both a connection string and a pool, an
 * unknown clock).
 */
export function createPostgresJobStore(options: PostgresJobStoreOptions): PostgresJobStore {
  return new PostgresJobStore(options);
}

/**
 * A job store in PostgreSQL, for workers on many machines drawing from one database. Claims lock
 * ready rows with `FOR UPDATE SKIP LOCKED`, and lane limits and the budget hold across every worker
 * through per-lane advisory locks; every worker write is fenced by its lease token; leases run on
 * the database's clock by default. A restart of the server, or a dropped connection, is waited out
 * (see `reconnectTimeoutMs`), and a write whose reply was lost is looked up rather than made twice.
 * Use {@link createPostgresJobStore} to make one.
 */
export class PostgresJobStore implements JobStoreV1 {
  readonly specificationVersion = 'v1' as const;
  /** E.g. `postgres://cinema@db:5432/films (schema cinema)`, without the password. */
  readonly description: string;
  /** The PostgreSQL schema holding the store's tables. */
  readonly schema: string;
  private readonly root: Kysely<StoreDatabase> | undefined;
  private readonly context: StoreContext | undefined;
  private readonly ownsPool: boolean;
  private readonly reconnectTimeoutMs: number;
  private opening: Promise<void> | undefined;
  private closed = false;

  /** @internal Use {@link createPostgresJobStore}. */
  constructor(options: PostgresJobStoreOptions) {
    this.schema = options.schema ?? 'cinema';
    const clock = options.clock ?? 'database';
    if (typeof this.schema !== 'string' || this.schema.length === 0) {
      throw new JobStoreError({ message: `createPostgresJobStore: \`schema\` must be a non-empty name, e.g. 'cinema'; got ${JSON.stringify(options.schema)}.` });
    }
    if (!clockSources.includes(clock)) {
      throw new JobStoreError({ message: `createPostgresJobStore: \`clock\` must be 'database' or 'caller'; got ${JSON.stringify(options.clock)}.` });
    }
    if (options.pool && options.connectionString) {
      throw new JobStoreError({ message: 'createPostgresJobStore: give either `connectionString` or `pool`, not both.' });
    }
    this.reconnectTimeoutMs = options.reconnectTimeoutMs ?? 60_000;
    this.ownsPool = options.pool === undefined;
    let pool: PostgresPool | (() => Promise<PostgresPool>) | undefined = options.pool;
    let where = options.pool ? describePool(options.pool) : 'postgres (no connection string)';
    if (!options.pool && options.connectionString) {
      const settings = { connectionString: options.connectionString, maxConnections: options.maxConnections ?? 10 };
      // Made on first use, so a config that names the store costs nothing until a command needs it.
      pool = async () => createPool(settings);
      where = describeConnection(options.connectionString);
    }
    this.description = `${where} (schema ${this.schema})`;
    if (pool !== undefined) {
      this.root = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
      this.context = { db: this.root.withSchema(this.schema), schema: this.schema, clock, description: this.description, compiled: new CompiledQueries() };
    }
  }

  createMovie(movie: { id: string; input: JsonValue; now: number }): Promise<MovieRecord> {
    return this.call('create a movie', (context) => createMovie(context, movie));
  }

  getMovie(movieId: string): Promise<MovieRecord | undefined> {
    return this.call('read a movie', (context) => getMovie(context, movieId));
  }

  listMovies(): Promise<MovieRecord[]> {
    return this.call('list movies', (context) => listMovies(context));
  }

  saveState(movieId: string, state: JsonValue, now: number): Promise<void> {
    return this.call('save the movie state', (context) => saveState(context, movieId, state, now));
  }

  setMovieInput(movieId: string, input: JsonValue, now: number): Promise<void> {
    return this.call('replace the movie input', (context) => setMovieInput(context, movieId, input, now));
  }

  enqueue(movieId: string, specs: JobSpec[], now: number): Promise<{ created: number; updated: number }> {
    return this.call('enqueue jobs', (context) => enqueueJobs(context, movieId, specs, now));
  }

  claim(request: ClaimRequest): Promise<Job[]> {
    const claimId = randomUUID();
    return this.call('claim jobs', async (context, retrying) => {
      // The jobs an earlier try leased before its reply was lost are this claim's: hand them out
      // rather than leave them leased to nobody until their leases run out.
      if (retrying) {
        const earlier = await findClaimed(context, request.movieId, claimId);
        if (earlier.length > 0) return earlier;
      }
      return claimJobs(context, request, claimId);
    });
  }

  pauseLane(lane: string, until: number, now: number): Promise<void> {
    return this.call('pause a lane', (context) => pauseLane(context, lane, until, now));
  }

  heartbeat(lease: JobLease, leaseMs: number, now: number): Promise<boolean> {
    return this.call('extend a lease', (context) => extendLease(context, lease, leaseMs, now));
  }

  setSubmitKey(lease: JobLease, submitKey: string, now: number): Promise<boolean> {
    return this.call('record a submit key', (context) => setSubmitKey(context, lease, submitKey, now));
  }

  markSubmitted(lease: JobLease, operation: JsonValue, now: number): Promise<boolean> {
    return this.call('record a submitted operation', (context) => markSubmitted(context, lease, operation, now));
  }

  complete(lease: JobLease, completion: JobCompletion, now: number): Promise<boolean> {
    return this.call('complete a job', async (context, retrying) => {
      if (await completeJob(context, lease, completion, now)) return true;
      // An earlier try may have committed before its reply was lost: then the job is completed
      // under this very lease, and the worker must hear that it was, not that its lease was lost.
      return retrying && completedUnder(context, lease);
    });
  }

  fail(lease: JobLease, failure: JobFailure, now: number): Promise<boolean> {
    return this.call('record a failed attempt', (context) => failJob(context, lease, failure, now));
  }

  release(lease: JobLease, now: number): Promise<boolean> {
    return this.call('release a job', (context) => releaseJob(context, lease, now));
  }

  reclaimExpired(movieId: string, now: number): Promise<number> {
    return this.call('reclaim expired leases', (context) => reclaimExpired(context, movieId, now));
  }

  expireLeasesOf(movieId: string, workerId: string, now: number): Promise<number> {
    return this.call('expire the leases of a stopped worker', (context) => expireLeasesOf(context, movieId, workerId, now));
  }

  getJob(movieId: string, key: string): Promise<Job | undefined> {
    return this.call('read a job', (context) => getJob(context, movieId, key));
  }

  listJobs(movieId: string, filter: { status?: JobStatus; stage?: string } = {}): Promise<Job[]> {
    return this.call('list jobs', (context) => listJobs(context, movieId, filter));
  }

  summarize(movieId: string): Promise<JobSummary> {
    return this.call('summarize jobs', (context) => summarizeMovie(context, movieId));
  }

  retry(movieId: string, filter: { keys?: string[] }, now: number): Promise<number> {
    return this.call('retry jobs', (context) => retryJobs(context, movieId, filter, now));
  }

  cancel(movieId: string, filter: { keys?: string[] }, now: number): Promise<Job[]> {
    return this.call('cancel jobs', (context) => cancelJobs(context, movieId, filter, now));
  }

  approve(movieId: string, keys: string[], now: number): Promise<number> {
    return this.call('approve jobs', (context) => approveJobs(context, movieId, keys, now));
  }

  hold(movieId: string, keys: string[], now: number): Promise<number> {
    return this.call('hold jobs', (context) => holdJobs(context, movieId, keys, now));
  }

  retire(movieId: string, keys: string[], now: number): Promise<number> {
    return this.call('retire jobs', (context) => retireJobs(context, movieId, keys, now));
  }

  pickTake(movieId: string, key: string, take: number, now: number): Promise<boolean> {
    return this.call('pick a take', (context) => pickTake(context, movieId, key, take, now));
  }

  addTake(movieId: string, key: string, take: { outputs: JobOutput[]; result?: JsonValue }, now: number): Promise<number | undefined> {
    return this.call('add a take', (context) => addTake(context, movieId, key, take, now));
  }

  listEvents(query: StoreEventQuery): Promise<StoreEvent[]> {
    return this.call('read the event log', (context) => listEvents(context, query));
  }

  lastEventSeq(movieId?: string): Promise<number> {
    return this.call('read the event log', (context) => lastEventSeq(context, movieId));
  }

  // Tried again after a lost reply: a lease taken twice by its owner is one lease; a failure recorded
  // twice counts one attempt more, which only lengthens that webhook's backoff.
  leaseWebhook(request: WebhookLeaseRequest): Promise<WebhookDelivery> {
    return this.call('lease a webhook', (context) => leaseWebhook(context, request));
  }

  recordWebhookDelivery(webhookId: string, owner: string, outcome: WebhookDeliveryOutcome, now: number): Promise<boolean> {
    return this.call('record a webhook delivery', (context) => recordWebhookDelivery(context, webhookId, owner, outcome, now));
  }

  /** Ends the store's own pool (a pool passed in is left to its owner). Later calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.opening?.catch(() => undefined);
    if (this.ownsPool) await this.root?.destroy();
  }

  /**
   * Runs one call: connects and prepares the schema on first use, then runs `body`, again after a
   * dropped connection (`retrying` is then true), within the reconnect budget.
   */
  private async call<T>(action: string, body: (context: StoreContext, retrying: boolean) => Promise<T>): Promise<T> {
    if (this.closed) throw new JobStoreError({ message: `The job store ${this.description} is closed; cannot ${action}. Open a new store.` });
    const context = this.context;
    if (context === undefined) {
      throw new JobStoreError({
        message: `The job store ${this.description} cannot ${action}: createPostgresJobStore was given no connectionString and no pool. Set the connection string (e.g. DATABASE_URL=postgres://user:password@host:5432/database) and run again.`,
      });
    }
    await this.open();
    return withReconnect(action, { description: this.description, budgetMs: this.reconnectTimeoutMs }, (retrying) => body(context, retrying));
  }

  private open(): Promise<void> {
    this.opening ??= withReconnect('open the store', { description: this.description, budgetMs: this.reconnectTimeoutMs }, () =>
      prepareSchema(this.root!, this.schema, this.description),
    ).catch((error: unknown) => {
      // Not remembered: the next call tries again (the server may be up by then).
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }
}

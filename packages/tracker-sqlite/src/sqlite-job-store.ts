import { setTimeout as sleep } from 'node:timers/promises';
import { JobStoreError, MovieNotFoundError, summarizeJobs } from '@cinema/core';
import type {
  ClaimRequest,
  Job,
  JobCompletion,
  JobFailure,
  JobLease,
  JobSpec,
  JobStatus,
  JobStoreV1,
  JobSummary,
  JsonValue,
  MovieRecord,
} from '@cinema/core';
import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { Compilable, Kysely, Selectable, UpdateQueryBuilder, UpdateResult } from 'kysely';
import { openDatabase } from './open-database.js';
import type { JobsTable, MoviesTable, StoreDatabase } from './schema.js';
import { busyPause, isBusy, retryBusy, toStoreError } from './sqlite-errors.js';

/**
 * `durable` writes record work or money (a result, a cost, a submitted operation) and are fsynced
 * before the call resolves when `synchronous` is `FULL`. `lazy` writes only move leases (claim,
 * heartbeat, release, reclaim): they commit at once and become durable with the next durable commit,
 * because a WAL never keeps a later commit without the earlier ones, and after a power loss every
 * lease is void anyway (the workers died too). Undoing a lazy write can only mean a job runs again,
 * never that a recorded result or cost is lost.
 */
type Durability = 'durable' | 'lazy';
const durable: Durability = 'durable';
const lazy: Durability = 'lazy';
/** Writes per group commit, so a burst of calls does not hold the write lock for long. */
const maxBatch = 256;

const placeholderName = Symbol('cinema.placeholder');
/** Stands in for values while a prepared query is compiled; `p.movieId` becomes a parameter named movieId. */
type Placeholders = Record<string, any>;
const placeholders: Placeholders = new Proxy({}, { get: (_target, name) => ({ [placeholderName]: name }) });

function isPlaceholder(value: unknown): value is { [placeholderName]: string } {
  return typeof value === 'object' && value !== null && placeholderName in value;
}

interface PreparedQuery<R> {
  all(values: Record<string, unknown>): R[];
  first(values: Record<string, unknown>): R | undefined;
  run(values: Record<string, unknown>): number;
}

function leaseParameters(lease: JobLease) {
  return { movieId: lease.movieId, key: lease.key, token: lease.token };
}

interface QueuedWrite {
  action: string;
  durability: Durability;
  body: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Settings of {@link createSqliteJobStore}. */
export interface SqliteJobStoreOptions {
  /**
   * The database file, e.g. `out/my-movie/cinema.db`; created with its schema when missing. Its
   * directory must exist. `:memory:` gives a private in-memory store (one connection, no resume).
   */
  path: string;
  /**
   * SQLite's `synchronous` setting. Default: `FULL`: a call that records work or money (`complete`,
   * `fail`, `markSubmitted`, `setSubmitKey`, `enqueue`, movies) resolves only once the commit is on
   * disk, so it survives a power loss. Lease moves (`claim`, `heartbeat`, `release`,
   * `reclaimExpired`) skip their own fsync and ride on the next one; losing them can only make a job
   * run again. `NORMAL` skips every fsync: faster, but a power loss or OS crash may undo the last
   * commits (an application crash never does).
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long SQLite itself waits for another process's write lock, per try. Default: 5000 ms. */
  busyTimeoutMs?: number;
  /** How long in all a call keeps retrying while the database is locked before it throws. Default: 60000 ms. */
  busyRetryMs?: number;
}

type JobRow = Selectable<JobsTable>;
type MovieRow = Selectable<MoviesTable>;

const activeStatus = sql<boolean>`status in ('in_progress', 'waiting')`;
const readyStatus = sql<boolean>`status = 'pending' and pending_dependencies = 0`;
const leaseExpiredMessage = 'the worker holding this job stopped answering (lease expired)';

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
  private readonly statements = new Map<string, Database.Statement>();
  private readonly preparedQueries = new Map<string, PreparedQuery<unknown>>();
  private readonly queue: QueuedWrite[] = [];
  private flushScheduled = false;
  private currentSynchronous: 'FULL' | 'NORMAL';

  /** @internal Use {@link createSqliteJobStore}. */
  constructor(
    private readonly database: Database.Database,
    private readonly db: Kysely<StoreDatabase>,
    /** Absolute path of the file, or `:memory:`. */
    readonly path: string,
    private readonly busyRetryMs: number,
    private readonly synchronous: 'FULL' | 'NORMAL',
  ) {
    this.description = `sqlite:${path}`;
    this.currentSynchronous = synchronous;
  }

  createMovie({ id, input, now }: { id: string; input: JsonValue; now: number }): Promise<MovieRecord> {
    return this.write('create a movie', durable, () => {
      this.run(
        this.db
          .insertInto('movies')
          .values({ id, input: JSON.stringify(input), state: null, spent_micros: 0, created_at: now, updated_at: now })
          .onConflict((conflict) => conflict.column('id').doNothing()),
      );
      return toMovie(this.first(this.db.selectFrom('movies').selectAll().where('id', '=', id))!);
    });
  }

  getMovie(movieId: string): Promise<MovieRecord | undefined> {
    return this.read('read a movie', () => {
      const row = this.first(this.db.selectFrom('movies').selectAll().where('id', '=', movieId));
      return row && toMovie(row);
    });
  }

  listMovies(): Promise<MovieRecord[]> {
    return this.read('list movies', () => this.all(this.db.selectFrom('movies').selectAll().orderBy('created_at').orderBy('id')).map(toMovie));
  }

  saveState(movieId: string, state: JsonValue, now: number): Promise<void> {
    return this.write('save the movie state', durable, () => {
      const changed = this.run(this.db.updateTable('movies').set({ state: JSON.stringify(state), updated_at: now }).where('id', '=', movieId));
      if (changed === 0) throw this.movieNotFound(movieId);
    });
  }

  enqueue(movieId: string, specs: JobSpec[], now: number): Promise<{ created: number; updated: number }> {
    return this.write('enqueue jobs', durable, () => {
      this.requireMovie(movieId);
      let created = 0;
      let updated = 0;
      for (const spec of specs) {
        const inserted = this.run(
          this.db
            .insertInto('jobs')
            .values(newJobRow(movieId, spec, now))
            .onConflict((conflict) => conflict.columns(['movie_id', 'key']).doNothing()),
        );
        if (inserted > 0) {
          created++;
          for (const dependency of spec.dependsOn) {
            this.run(
              this.db
                .insertInto('job_dependencies')
                .values({ movie_id: movieId, key: spec.key, depends_on: dependency })
                .onConflict((conflict) => conflict.doNothing()),
            );
          }
          continue;
        }
        updated += this.run(
          this.db
            .updateTable('jobs')
            .set({ input: JSON.stringify(spec.input), input_hash: spec.inputHash, estimated_cost_micros: toMicros(spec.estimatedCostUsd ?? 0), updated_at: now })
            .where('movie_id', '=', movieId)
            .where('key', '=', spec.key)
            .where('input_hash', '!=', spec.inputHash)
            .where('status', '=', 'pending')
            .where('operation', 'is', null),
        );
      }
      for (const spec of specs) {
        this.run(
          this.db
            .updateTable('jobs')
            .set({
              pending_dependencies: sql<number>`(select count(*) from job_dependencies as d where d.movie_id = jobs.movie_id and d.key = jobs.key
                and not exists (select 1 from jobs as parent where parent.movie_id = d.movie_id and parent.key = d.depends_on and parent.status = 'completed'))`,
            })
            .where('movie_id', '=', movieId)
            .where('key', '=', spec.key)
            .where('status', '=', 'pending'),
        );
      }
      return { created, updated };
    });
  }

  claim(request: ClaimRequest): Promise<Job[]> {
    return this.write('claim jobs', lazy, () => {
      const movie = this.requireMovie(request.movieId);
      const claimed: Job[] = [];
      if (request.limit <= 0) return claimed;
      const running = new Map<string, number>();
      let committed = movie.spent_micros;
      const limits = request.laneConcurrency ?? {};
      const budget = request.maxCostUsd === undefined ? undefined : toMicros(request.maxCostUsd);
      // Only lane limits and the budget need to know what is running.
      const activeLanes = Object.keys(limits).length === 0 && budget === undefined ? [] : this.all(
        this.db
          .selectFrom('jobs')
          .select(['lane', sql<number>`count(*)`.as('count'), sql<number>`coalesce(sum(estimated_cost_micros), 0)`.as('reserved')])
          .where('movie_id', '=', request.movieId)
          .where(activeStatus)
          .groupBy('lane'),
      );
      for (const lane of activeLanes) {
        running.set(lane.lane, lane.count);
        committed += lane.reserved;
      }
      const excluded = new Set(request.excludeLanes ?? []);
      for (const [lane, limit] of Object.entries(limits)) if ((running.get(lane) ?? 0) >= limit) excluded.add(lane);

      while (claimed.length < request.limit) {
        const wanted = request.limit - claimed.length;
        if (budget !== undefined && budget - committed < 0) break;
        const excluding = excluded.size > 0;
        const budgeted = budget !== undefined;
        const rows = this.prepared(`claim.ready.${excluding}.${budgeted}`, (p) => {
          let candidates = this.db
            .selectFrom('jobs')
            .select(['key', 'lane', 'estimated_cost_micros'])
            .where('movie_id', '=', p.movieId)
            .where(readyStatus)
            .where('run_at', '<=', p.now);
          if (excluding) candidates = candidates.where('lane', 'not in', sql<string>`(select value from json_each(${p.excluded}))`);
          if (budgeted) candidates = candidates.where('estimated_cost_micros', '<=', p.budgetLeft);
          return candidates.orderBy('priority').orderBy('run_at').orderBy('key').limit(p.limit);
        }).all({
          movieId: request.movieId,
          now: request.now,
          excluded: excluding ? JSON.stringify([...excluded]) : undefined,
          budgetLeft: budgeted ? budget - committed : undefined,
          limit: wanted,
        });
        for (const row of rows) {
          if (excluded.has(row.lane)) continue;
          if (budget !== undefined && committed + row.estimated_cost_micros > budget) continue;
          const job = this.prepared('claim.take', (p) =>
            this.db
              .updateTable('jobs')
              .set({
                attempts: sql<number>`attempts + (operation is null)`,
                status: sql<JobStatus>`case when operation is null then 'in_progress' else 'waiting' end`,
                lease_token: sql<number>`lease_token + 1`,
                lease_owner: p.workerId,
                lease_expires_at: p.leaseExpiresAt,
                first_started_at: sql<number>`coalesce(first_started_at, ${p.now})`,
                updated_at: p.now,
              })
              .where('movie_id', '=', p.movieId)
              .where('key', '=', p.key)
              .returningAll(),
          ).first({ workerId: request.workerId, leaseExpiresAt: request.now + request.leaseMs, now: request.now, movieId: request.movieId, key: row.key })!;
          claimed.push(toJob(job));
          committed += row.estimated_cost_micros;
          const lanes = (running.get(row.lane) ?? 0) + 1;
          running.set(row.lane, lanes);
          const limit = limits[row.lane];
          if (limit !== undefined && lanes >= limit) excluded.add(row.lane);
        }
        if (rows.length < wanted) break;
      }
      return claimed;
    });
  }

  heartbeat(lease: JobLease, leaseMs: number, now: number): Promise<boolean> {
    return this.fencedWrite('extend a lease', lazy, lease, { leaseExpiresAt: now + leaseMs, now }, (query, p) =>
      query.set({ lease_expires_at: p.leaseExpiresAt, updated_at: p.now }),
    );
  }

  setSubmitKey(lease: JobLease, submitKey: string, now: number): Promise<boolean> {
    return this.fencedWrite('record a submit key', durable, lease, { submitKey, now }, (query, p) => query.set({ submit_key: p.submitKey, updated_at: p.now }));
  }

  markSubmitted(lease: JobLease, operation: JsonValue, now: number): Promise<boolean> {
    return this.fencedWrite('record a submitted operation', durable, lease, { operation: JSON.stringify(operation), now }, (query, p) =>
      query.set({ operation: p.operation, status: 'waiting', updated_at: p.now }),
    );
  }

  complete(lease: JobLease, completion: JobCompletion, now: number): Promise<boolean> {
    const cost = toMicros(completion.costUsd);
    const values = {
      ...leaseParameters(lease),
      outputs: JSON.stringify(completion.outputs),
      result: completion.result === undefined || completion.result === null ? null : JSON.stringify(completion.result),
      cost,
      now,
    };
    return this.write('complete a job', durable, () => {
      const changed = this.prepared('complete.job', (p) =>
        this.fenced(this.db.updateTable('jobs'), p).set({
          status: 'completed',
          outputs: p.outputs,
          result: p.result,
          cost_micros: sql<number>`cost_micros + ${p.cost}`,
          completed_at: p.now,
          updated_at: p.now,
          lease_owner: null,
          lease_expires_at: null,
        }),
      ).run(values);
      if (changed === 0) return false;
      this.addSpent(lease.movieId, cost);
      this.prepared('complete.unblock', (p) =>
        this.db
          .updateTable('jobs')
          .set({ pending_dependencies: sql<number>`pending_dependencies - 1` })
          .where('movie_id', '=', p.movieId)
          .where('pending_dependencies', '>', 0)
          .where('key', 'in', this.db.selectFrom('job_dependencies').select('key').where('movie_id', '=', p.movieId).where('depends_on', '=', p.key)),
      ).run(values);
      return true;
    });
  }

  fail(lease: JobLease, failure: JobFailure, now: number): Promise<boolean> {
    const cost = toMicros(failure.costUsd ?? 0);
    const error = JSON.stringify({ ...failure.error, at: now });
    const retry = failure.retryAt !== null;
    return this.write('record a failed attempt', durable, () => {
      const changed = this.run(
        this.fenced(this.db.updateTable('jobs'), leaseParameters(lease)).set({
          errors: sql<string>`json_insert(errors, '$[#]', json_set(json(${error}), '$.attempt', attempts))`,
          cost_micros: sql<number>`cost_micros + ${cost}`,
          attempts: failure.consumeAttempt ? sql<number>`attempts` : sql<number>`max(0, attempts - 1)`,
          lease_owner: null,
          lease_expires_at: null,
          updated_at: now,
          status: retry ? 'pending' : 'failed',
          ...(retry ? { run_at: failure.retryAt!, operation: null } : {}),
        }),
      );
      if (changed === 0) return false;
      if (cost !== 0) this.addSpent(lease.movieId, cost);
      return true;
    });
  }

  release(lease: JobLease, now: number): Promise<boolean> {
    return this.fencedWrite('release a job', lazy, lease, { now }, (query, p) =>
      query.set({
        status: 'pending',
        attempts: sql<number>`case when operation is null then max(0, attempts - 1) else attempts end`,
        lease_owner: null,
        lease_expires_at: null,
        run_at: p.now,
        updated_at: p.now,
      }),
    );
  }

  reclaimExpired(movieId: string, now: number): Promise<number> {
    const outOfAttempts = sql<boolean>`operation is null and attempts >= max_attempts`;
    return this.write('reclaim expired leases', lazy, () => {
      this.requireMovie(movieId);
      return this.run(
        this.db
          .updateTable('jobs')
          .set({
            status: sql<JobStatus>`case when ${outOfAttempts} then 'failed' else 'pending' end`,
            run_at: sql<number>`case when ${outOfAttempts} then run_at else ${now} end`,
            errors: sql<string>`case when ${outOfAttempts} then json_insert(errors, '$[#]', json_object('attempt', attempts, 'message', ${leaseExpiredMessage}, 'category', 'timeout', 'isRetryable', json('false'), 'at', ${now})) else errors end`,
            lease_owner: null,
            lease_expires_at: null,
            updated_at: now,
          })
          .where('movie_id', '=', movieId)
          .where(activeStatus)
          .where('lease_expires_at', '<=', now),
      );
    });
  }

  getJob(movieId: string, key: string): Promise<Job | undefined> {
    return this.read('read a job', () => {
      const row = this.first(this.db.selectFrom('jobs').selectAll().where('movie_id', '=', movieId).where('key', '=', key));
      return row && toJob(row);
    });
  }

  listJobs(movieId: string, filter: { status?: JobStatus; stage?: string } = {}): Promise<Job[]> {
    return this.read('list jobs', () => {
      let query = this.db.selectFrom('jobs').selectAll().where('movie_id', '=', movieId);
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.stage !== undefined) query = query.where('stage', '=', filter.stage);
      return this.all(query.orderBy(sql`rowid`)).map(toJob);
    });
  }

  summarize(movieId: string): Promise<JobSummary> {
    return this.read('summarize jobs', () => {
      const rows = this.all(
        this.db
          .selectFrom('jobs')
          .select([
            'stage',
            'status',
            sql<number>`count(*)`.as('count'),
            sql<number>`sum(cost_micros)`.as('cost'),
            sql<number>`sum(estimated_cost_micros)`.as('estimate'),
          ])
          .where('movie_id', '=', movieId)
          .groupBy(['stage', 'status']),
      );
      return summarizeJobs(rows.map((row) => ({ stage: row.stage, status: row.status, count: row.count, costUsd: fromMicros(row.cost), estimatedCostUsd: fromMicros(row.estimate) })));
    });
  }

  retry(movieId: string, filter: { keys?: string[] }, now: number): Promise<number> {
    return this.write('retry jobs', durable, () => {
      this.requireMovie(movieId);
      const named = filter.keys ? sql<string>`(select value from json_each(${JSON.stringify(filter.keys)}))` : undefined;
      // A finished job named again is made again; its pending dependents wait for it once more.
      if (named) {
        this.run(
          this.db
            .updateTable('jobs')
            .set({ pending_dependencies: sql<number>`pending_dependencies + 1` })
            .where('movie_id', '=', movieId)
            .where('status', '=', 'pending')
            .where(
              'key',
              'in',
              this.db
                .selectFrom('job_dependencies')
                .select('key')
                .where('movie_id', '=', movieId)
                .where('depends_on', 'in', this.db.selectFrom('jobs').select('key').where('movie_id', '=', movieId).where('status', '=', 'completed').where('key', 'in', named)),
            ),
        );
      }
      let query = this.db
        .updateTable('jobs')
        .set({ status: 'pending', attempts: 0, run_at: now, operation: null, updated_at: now })
        .where('movie_id', '=', movieId)
        .where('status', 'in', named ? ['failed', 'cancelled', 'completed'] : ['failed', 'cancelled']);
      if (named) query = query.where('key', 'in', named);
      return this.run(query);
    });
  }

  expireLeasesOf(movieId: string, workerId: string, now: number): Promise<number> {
    return this.write('expire the leases of a stopped worker', lazy, () => {
      this.requireMovie(movieId);
      return this.run(
        this.db.updateTable('jobs').set({ lease_expires_at: now }).where('movie_id', '=', movieId).where(activeStatus).where('lease_owner', '=', workerId),
      );
    });
  }

  async close(): Promise<void> {
    // Writes already asked for are committed first.
    while (this.flushScheduled) await new Promise((resolve) => setImmediate(resolve));
    this.statements.clear();
    this.preparedQueries.clear();
    // Kysely only builds queries here (and ran the migrations), so the connection is closed directly.
    await this.db.destroy();
    if (this.database.open) this.database.close();
  }

  private requireMovie(movieId: string): MovieRow {
    const movie = this.prepared('movie', (p) => this.db.selectFrom('movies').selectAll().where('id', '=', p.movieId)).first({ movieId });
    if (!movie) throw this.movieNotFound(movieId);
    return movie;
  }

  private movieNotFound(movieId: string) {
    return new MovieNotFoundError({ movieId, where: `the job store ${this.path}` });
  }

  private addSpent(movieId: string, micros: number) {
    this.prepared('movie.spend', (p) =>
      this.db.updateTable('movies').set({ spent_micros: sql<number>`spent_micros + ${p.micros}` }).where('id', '=', p.movieId),
    ).run({ movieId, micros });
  }

  /** Only the lease holder may write: `lease` holds values or placeholders named movieId, key, token. */
  private fenced<O>(query: UpdateQueryBuilder<StoreDatabase, 'jobs', 'jobs', O>, lease: Placeholders) {
    return query.where('movie_id', '=', lease.movieId).where('key', '=', lease.key).where('lease_token', '=', lease.token).where(activeStatus);
  }

  /** A single fenced UPDATE: true when it changed the job, false when the lease is gone. */
  private fencedWrite(
    action: string,
    durability: Durability,
    lease: JobLease,
    values: Record<string, unknown>,
    set: (query: UpdateQueryBuilder<StoreDatabase, 'jobs', 'jobs', UpdateResult>, p: Placeholders) => Compilable<UpdateResult>,
  ): Promise<boolean> {
    const parameters = { ...leaseParameters(lease), ...values };
    return this.write(action, durability, () => this.prepared(`fenced.${action}`, (p) => set(this.fenced(this.db.updateTable('jobs'), p), p)).run(parameters) > 0);
  }

  /**
   * A query built and compiled once per `id`, then run with new values. `build` gets placeholders
   * (`p.name`) where values go; every query with the same `id` must have the same shape.
   */
  private prepared<R>(id: string, build: (p: Placeholders) => Compilable<R>): PreparedQuery<R> {
    let query = this.preparedQueries.get(id) as PreparedQuery<R> | undefined;
    if (query === undefined) {
      const compiled = build(placeholders).compile();
      const statement = this.database.prepare(compiled.sql);
      const order = compiled.parameters.map((value): { name: string } | { value: unknown } =>
        isPlaceholder(value) ? { name: value[placeholderName] } : { value },
      );
      const bind = (values: Record<string, unknown>) => order.map((entry) => ('name' in entry ? values[entry.name] : entry.value));
      query = {
        all: (values) => statement.all(...bind(values)) as R[],
        first: (values) => statement.get(...bind(values)) as R | undefined,
        run: (values) => statement.run(...bind(values)).changes,
      };
      this.preparedQueries.set(id, query as PreparedQuery<unknown>);
    }
    return query;
  }

  /**
   * Queues a write. Writes queued in the same turn of the event loop commit together in one
   * `BEGIN IMMEDIATE` transaction (group commit: one fsync for many jobs), each inside its own
   * savepoint, so one failing write rejects only its caller. A call resolves once its commit is done.
   */
  private write<T>(action: string, durability: Durability, body: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ action, durability, body, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, maxBatch);
    const deadline = Date.now() + this.busyRetryMs;
    for (let attempt = 0; ; attempt++) {
      try {
        this.commit(batch);
        break;
      } catch (error) {
        if (isBusy(error) && Date.now() < deadline) {
          await sleep(busyPause(attempt));
          continue;
        }
        const failure = isBusy(error)
          ? new JobStoreError({
              message: `The job store ${this.path} stayed locked by another process for over ${Math.round(this.busyRetryMs / 1000)} s (${(error as Error).message}). Check for a stuck cinema process, or a backup tool holding the file.`,
              cause: error,
            })
          : error;
        for (const write of batch) write.reject(toStoreError(failure, this.path, write.action));
        break;
      }
    }
    if (this.queue.length > 0) setImmediate(() => void this.flush());
    else this.flushScheduled = false;
  }

  /** Runs a batch of writes in one immediate transaction; throws (having rolled back) only for the batch as a whole. */
  private commit(batch: QueuedWrite[]): void {
    if (!this.database.open) throw new TypeError('The database connection is not open');
    if (this.synchronous === 'FULL') this.setSynchronous(batch.some((write) => write.durability === durable) ? 'FULL' : 'NORMAL');
    const outcomes: { value?: unknown; error?: unknown }[] = [];
    this.statement('begin immediate').run();
    try {
      for (const write of batch) {
        this.statement('savepoint cinema_write').run();
        try {
          outcomes.push({ value: write.body() });
          this.statement('release cinema_write').run();
        } catch (error) {
          this.statement('rollback to cinema_write').run();
          this.statement('release cinema_write').run();
          if (isBusy(error)) throw error;
          outcomes.push({ error });
        }
      }
      this.statement('commit').run();
    } catch (error) {
      if (this.database.inTransaction) this.statement('rollback').run();
      throw error;
    }
    batch.forEach((write, index) => {
      const outcome = outcomes[index]!;
      if ('error' in outcome) write.reject(toStoreError(outcome.error, this.path, write.action));
      else write.resolve(outcome.value);
    });
  }

  private setSynchronous(mode: 'FULL' | 'NORMAL') {
    if (this.currentSynchronous === mode) return;
    this.database.pragma(`synchronous = ${mode}`);
    this.currentSynchronous = mode;
  }

  private read<T>(action: string, body: () => T): Promise<T> {
    return this.guard(action, body);
  }

  private async guard<T>(action: string, body: () => T): Promise<T> {
    try {
      return await retryBusy(body, this.busyRetryMs, this.path);
    } catch (error) {
      throw toStoreError(error, this.path, action);
    }
  }

  private statement(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (statement === undefined) {
      statement = this.database.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private all<R>(query: Compilable<R>): R[] {
    const compiled = query.compile();
    return this.statement(compiled.sql).all(...compiled.parameters) as R[];
  }

  private first<R>(query: Compilable<R>): R | undefined {
    const compiled = query.compile();
    return this.statement(compiled.sql).get(...compiled.parameters) as R | undefined;
  }

  /** Runs a write and returns how many rows it changed. */
  private run(query: Compilable<unknown>): number {
    const compiled = query.compile();
    return this.statement(compiled.sql).run(...compiled.parameters).changes;
  }
}

function newJobRow(movieId: string, spec: JobSpec, now: number): JobRow {
  return {
    movie_id: movieId,
    key: spec.key,
    stage: spec.stage,
    lane: spec.lane,
    input: JSON.stringify(spec.input),
    input_hash: spec.inputHash,
    depends_on: JSON.stringify(spec.dependsOn),
    priority: spec.priority ?? 0,
    max_attempts: spec.maxAttempts ?? 3,
    estimated_cost_micros: toMicros(spec.estimatedCostUsd ?? 0),
    scene_id: spec.sceneId ?? null,
    character_id: spec.characterId ?? null,
    status: 'pending',
    attempts: 0,
    pending_dependencies: spec.dependsOn.length,
    run_at: now,
    lease_owner: null,
    lease_token: 0,
    lease_expires_at: null,
    submit_key: null,
    operation: null,
    outputs: '[]',
    result: null,
    errors: '[]',
    cost_micros: 0,
    created_at: now,
    updated_at: now,
    first_started_at: null,
    completed_at: null,
  };
}

function toJob(row: JobRow): Job {
  return {
    key: row.key,
    movieId: row.movie_id,
    stage: row.stage,
    lane: row.lane,
    input: JSON.parse(row.input) as JsonValue,
    inputHash: row.input_hash,
    dependsOn: JSON.parse(row.depends_on) as string[],
    priority: row.priority,
    maxAttempts: row.max_attempts,
    estimatedCostUsd: fromMicros(row.estimated_cost_micros),
    sceneId: row.scene_id,
    characterId: row.character_id,
    status: row.status,
    attempts: row.attempts,
    pendingDependencies: row.pending_dependencies,
    runAt: row.run_at,
    leaseOwner: row.lease_owner,
    leaseToken: row.lease_token,
    leaseExpiresAt: row.lease_expires_at,
    submitKey: row.submit_key,
    operation: row.operation === null ? null : (JSON.parse(row.operation) as JsonValue),
    outputs: JSON.parse(row.outputs) as Job['outputs'],
    result: row.result === null ? null : (JSON.parse(row.result) as JsonValue),
    errors: JSON.parse(row.errors) as Job['errors'],
    costUsd: fromMicros(row.cost_micros),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstStartedAt: row.first_started_at,
    completedAt: row.completed_at,
  };
}

function toMovie(row: MovieRow): MovieRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    input: JSON.parse(row.input) as JsonValue,
    state: row.state === null ? null : (JSON.parse(row.state) as JsonValue),
  };
}

function toMicros(usd: number): number {
  return Math.round(usd * 1_000_000);
}

function fromMicros(micros: number): number {
  return micros / 1_000_000;
}

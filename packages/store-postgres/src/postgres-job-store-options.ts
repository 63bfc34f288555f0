import type { PostgresPool } from 'kysely';
import type { ClockSource } from './store-clock.js';

/** Settings of `createPostgresJobStore`: where the database is, and how the store uses it. */
export interface PostgresJobStoreOptions {
  /**
   * The database, e.g. `postgres://cinema:secret@db.internal:5432/films` (`?sslmode=require` and
   * the other libpq parameters pg reads are honoured). Usually `process.env.DATABASE_URL`; when it
   * is undefined and no `pool` is given, the first call fails with a `JobStoreError` saying so (the
   * config itself still loads, so commands that need no store keep working).
   */
  connectionString?: string;
  /**
   * A pool of your own (a `pg.Pool`, or anything kysely's Postgres dialect takes) instead of
   * `connectionString`. The store never ends it; listen to its `error` event, as pg asks, or an idle
   * connection the server closes will crash the process. Default: the store makes its own pool from
   * `connectionString` and ends it on `close`.
   */
  pool?: PostgresPool;
  /**
   * The PostgreSQL schema that holds the store's tables; created, with them, on first use. Several
   * stores can share one database under different schemas. Default: `cinema`.
   */
  schema?: string;
  /**
   * Whose clock leases and the other times are on. Default: `'database'`: PostgreSQL's `now()`, so
   * that workers on machines whose clocks disagree still agree on when a lease ran out (a worker
   * whose clock is 10 minutes fast cannot take a live job from another). The `now` each call
   * passes is then used only to carry the caller's intervals over (a `retryAt` 5 s after the
   * caller's `now` becomes 5 s after the database's), and the times on jobs and movies are the
   * database's. `'caller'`: every time is the `now` the call passes, as the JobStoreV1 spec words it;
   * for a single machine, or tests that drive time by hand.
   */
  clock?: ClockSource;
  /** Connections in the store's own pool (not used with `pool`). Default: 10, pg's default. */
  maxConnections?: number;
  /**
   * How long a call keeps trying while PostgreSQL cannot be reached or drops its connection (a
   * restart, a failover), before it throws a `JobStoreError`. Default: 60,000 ms, about as long as
   * core's leases last, so a restart of a few seconds goes unnoticed by a run.
   */
  reconnectTimeoutMs?: number;
}

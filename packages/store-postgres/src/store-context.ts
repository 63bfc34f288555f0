import type { Kysely } from 'kysely';
import type { CompiledQueries } from './compiled-queries.js';
import type { StoreDatabase } from './schema.js';
import type { ClockSource } from './store-clock.js';

/** What every store operation runs with. */
export interface StoreContext {
  /** Queries on the store's tables: every table name is qualified with {@link schema}. */
  readonly db: Kysely<StoreDatabase>;
  /** The PostgreSQL schema holding the store's tables, e.g. `cinema`. */
  readonly schema: string;
  /** Whose clock lease times and the other times are on (see `ClockSource`). */
  readonly clock: ClockSource;
  /** For messages, e.g. `postgres://cinema@db:5432/films (schema cinema)`. */
  readonly description: string;
  /** The store's frequent queries, compiled once (run them on {@link db}, which may be a transaction). */
  readonly compiled: CompiledQueries;
}

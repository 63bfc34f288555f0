import type { Kysely } from 'kysely';
import type { QueryRunner } from './query-runner.js';
import type { StoreDatabase } from './schema.js';

/** What every store operation runs with: kysely to build SQL, the runner to execute it, the file for messages. */
export interface StoreContext {
  /** Builds queries only; they run through {@link queries}, synchronously, inside the caller's transaction. */
  readonly db: Kysely<StoreDatabase>;
  readonly queries: QueryRunner;
  /** Absolute path of the file, or `:memory:`. */
  readonly path: string;
}

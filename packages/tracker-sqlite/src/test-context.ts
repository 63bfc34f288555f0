import type Database from 'better-sqlite3';
import { openDatabase } from './open-database.js';
import { createMovie } from './operations/movies.js';
import { QueryRunner } from './query-runner.js';
import type { StoreContext } from './store-context.js';

/** The movie every {@link openTestContext} store has. */
export const testMovieId = 'movie-1';
/** The time tests start at (ms since epoch). */
export const testNow = 1_700_000_000_000;

export interface TestContext {
  context: StoreContext;
  database: Database.Database;
  close: () => Promise<void>;
}

/** For tests of single operations: a fresh in-memory store holding one movie, and no write queue. */
export async function openTestContext(): Promise<TestContext> {
  const opened = await openDatabase({ path: ':memory:', synchronous: 'NORMAL', busyTimeoutMs: 0, busyRetryMs: 0 });
  const context: StoreContext = { db: opened.kysely, queries: new QueryRunner(opened.database), path: opened.path };
  createMovie(context, { id: testMovieId, input: null, now: testNow });
  return {
    context,
    database: opened.database,
    close: async () => {
      await opened.kysely.destroy();
      if (opened.database.open) opened.database.close();
    },
  };
}

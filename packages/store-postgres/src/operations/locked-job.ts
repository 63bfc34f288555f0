import type { JobRow } from '../job-row.js';
import { callTimes } from '../store-clock.js';
import type { CallTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { requireMovie } from './movies.js';
import { recountDependencies } from './recount-dependencies.js';

/**
 * Runs `change` on the job locked for update, inside a transaction; then, since a job completed
 * with another version changes what its dependents wait for, every pending job counts again.
 */
export async function withLockedJob<T>(
  context: StoreContext,
  movieId: string,
  key: string,
  now: number,
  missing: T,
  change: (row: JobRow & { now: string | number }, times: CallTimes, inTransaction: StoreContext) => Promise<T>,
): Promise<T> {
  const times = callTimes(context.clock, now);
  return context.db.transaction().execute(async (db) => {
    const inTransaction = { ...context, db };
    await requireMovie(inTransaction, movieId);
    const row = await db.selectFrom('jobs').selectAll().select(times.now.as('now')).where('movie_id', '=', movieId).where('key', '=', key).forUpdate().executeTakeFirst();
    if (!row) return missing;
    const result = await change(row, times, inTransaction);
    await recountDependencies(inTransaction, movieId);
    return result;
  });
}

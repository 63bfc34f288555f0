import { sql } from 'kysely';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { requireMovie } from './movies.js';
import { recountDependencies } from './recount-dependencies.js';

/**
 * Takes jobs out of the film's plan: `retired`, lease ended (a worker still running one finds its
 * writes fenced), outputs and takes kept. Their pending dependents count them as unfinished again.
 * Returns how many were retired. One transaction.
 */
export async function retireJobs(context: StoreContext, movieId: string, keys: string[], now: number): Promise<number> {
  const times = callTimes(context.clock, now);
  return context.db.transaction().execute(async (db) => {
    const inTransaction = { ...context, db };
    await requireMovie(inTransaction, movieId);
    const result = await db
      .updateTable('jobs')
      .set({ status: 'retired', lease_owner: null, lease_expires_at: null, updated_at: times.now })
      .where('movie_id', '=', movieId)
      .where('key', '=', sql<string>`any(${keys}::text[])`)
      .where('status', '<>', 'retired')
      .executeTakeFirst();
    await recountDependencies(inTransaction, movieId);
    return Number(result.numUpdatedRows);
  });
}

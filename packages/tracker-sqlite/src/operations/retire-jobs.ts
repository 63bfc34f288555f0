import type { StoreContext } from '../store-context.js';
import { requireMovie } from './movies.js';
import { namedKeys } from './named-keys.js';
import { recountDependencies } from './recount-dependencies.js';

/**
 * Takes the named jobs out of the film's plan, whatever their status: `retired`, lease ended, so a
 * worker still running one finds its writes fenced. Outputs and takes stay. Pending jobs count their
 * dependencies again, since a retired one no longer counts as done. Returns how many were retired.
 */
export function retireJobs(context: StoreContext, movieId: string, keys: string[], now: number): number {
  const { db, queries } = context;
  requireMovie(context, movieId);
  const retired = queries.run(
    db
      .updateTable('jobs')
      .set({ status: 'retired', lease_owner: null, lease_expires_at: null, updated_at: now })
      .where('movie_id', '=', movieId)
      .where('status', '!=', 'retired')
      .where('key', 'in', namedKeys(keys)),
  );
  if (retired > 0) recountDependencies(context, movieId);
  return retired;
}

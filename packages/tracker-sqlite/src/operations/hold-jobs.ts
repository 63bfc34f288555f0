import type { StoreContext } from '../store-context.js';
import { notInFlight } from './in-flight.js';
import { requireMovie } from './movies.js';
import { namedKeys } from './named-keys.js';

/**
 * Holds the named jobs that are not in flight, so the claim passes them over until `approve`. Work
 * already with a worker or a provider is left to finish. Returns how many were held.
 */
export function holdJobs(context: StoreContext, movieId: string, keys: string[], now: number): number {
  const { db, queries } = context;
  requireMovie(context, movieId);
  return queries.run(
    db.updateTable('jobs').set({ held: 1, updated_at: now }).where('movie_id', '=', movieId).where('held', '=', 0).where(notInFlight).where('key', 'in', namedKeys(keys)),
  );
}

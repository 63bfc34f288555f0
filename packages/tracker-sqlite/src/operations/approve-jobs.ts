import type { StoreContext } from '../store-context.js';
import { requireMovie } from './movies.js';
import { namedKeys } from './named-keys.js';

/** Lets the named held jobs be claimed. Jobs not held and unknown keys are skipped. Returns how many were released. */
export function approveJobs(context: StoreContext, movieId: string, keys: string[], now: number): number {
  const { db, queries } = context;
  requireMovie(context, movieId);
  return queries.run(db.updateTable('jobs').set({ held: 0, updated_at: now }).where('movie_id', '=', movieId).where('held', '=', 1).where('key', 'in', namedKeys(keys)));
}

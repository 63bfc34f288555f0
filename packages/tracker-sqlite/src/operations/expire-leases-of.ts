import type { StoreContext } from '../store-context.js';
import { activeStatus } from './fence.js';
import { requireMovie } from './movies.js';

/** Makes every lease `workerId` holds run out at `now`, so the next reclaim takes its jobs back. */
export function expireLeasesOf(context: StoreContext, movieId: string, workerId: string, now: number): number {
  requireMovie(context, movieId);
  return context.queries.run(
    context.db.updateTable('jobs').set({ lease_expires_at: now }).where('movie_id', '=', movieId).where(activeStatus).where('lease_owner', '=', workerId),
  );
}

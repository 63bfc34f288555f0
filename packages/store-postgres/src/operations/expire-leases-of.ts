import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { activeStatus } from './fence.js';
import { requireMovie } from './movies.js';

/** Ends now every lease `workerId` holds on the movie; `reclaimExpired` then takes the jobs back. */
export async function expireLeasesOf(context: StoreContext, movieId: string, workerId: string, now: number): Promise<number> {
  const result = await context.db
    .updateTable('jobs')
    .set({ lease_expires_at: callTimes(context.clock, now).now })
    .where('movie_id', '=', movieId)
    .where(activeStatus)
    .where('lease_owner', '=', workerId)
    .executeTakeFirst();
  const count = Number(result.numUpdatedRows);
  if (count === 0) await requireMovie(context, movieId);
  return count;
}

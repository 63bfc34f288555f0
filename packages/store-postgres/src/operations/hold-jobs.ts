import { sql } from 'kysely';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { requireMovie } from './movies.js';

/** Holds jobs that are not in flight, so the claim passes them over until approved. Returns how many were held. */
export async function holdJobs(context: StoreContext, movieId: string, keys: string[], now: number): Promise<number> {
  const result = await context.db
    .updateTable('jobs')
    .set({ held: true, updated_at: callTimes(context.clock, now).now })
    .where('movie_id', '=', movieId)
    .where('key', '=', sql<string>`any(${keys}::text[])`)
    .where('held', '=', false)
    .where(sql<boolean>`status not in ('in_progress', 'waiting') and not (status = 'pending' and operation is not null)`)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) await requireMovie(context, movieId);
  return Number(result.numUpdatedRows);
}

import { sql } from 'kysely';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { requireMovie } from './movies.js';

/** Lets held jobs be claimed. Returns how many were released; jobs not held and unknown keys are skipped. */
export async function approveJobs(context: StoreContext, movieId: string, keys: string[], now: number): Promise<number> {
  const result = await context.db
    .updateTable('jobs')
    .set({ held: false, updated_at: callTimes(context.clock, now).now })
    .where('movie_id', '=', movieId)
    .where('key', '=', sql<string>`any(${keys}::text[])`)
    .where('held', '=', true)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) await requireMovie(context, movieId);
  return Number(result.numUpdatedRows);
}

import type { Job } from '@cinema/core';
import { sql } from 'kysely';
import { toJob } from '../job-row.js';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { requireMovie } from './movies.js';

/**
 * Moves every unfinished job of the movie (or those named in `keys`) to `cancelled` and ends its
 * lease, so a worker still running one finds its writes fenced. Returns the jobs as they were, with
 * their operations, so the caller can ask the provider to stop the work. The jobs are locked while
 * they are read, so no claim or write comes between reading them and cancelling them.
 */
export async function cancelJobs(context: StoreContext, movieId: string, filter: { keys?: string[] }, now: number): Promise<Job[]> {
  const times = callTimes(context.clock, now);
  return context.db.transaction().execute(async (db) => {
    await requireMovie({ ...context, db }, movieId);
    let before = db.selectFrom('jobs').selectAll().where('movie_id', '=', movieId).where('status', 'in', ['pending', 'in_progress', 'waiting']);
    if (filter.keys) before = before.where('key', '=', sql<string>`any(${filter.keys}::text[])`);
    const rows = await before.orderBy('created_at').orderBy('key').forUpdate().execute();
    if (rows.length === 0) return [];
    await db
      .updateTable('jobs')
      .set({ status: 'cancelled', lease_owner: null, lease_expires_at: null, updated_at: times.now })
      .where('movie_id', '=', movieId)
      .where('key', '=', sql<string>`any(${rows.map((row) => row.key)}::text[])`)
      .execute();
    return rows.map(toJob);
  });
}

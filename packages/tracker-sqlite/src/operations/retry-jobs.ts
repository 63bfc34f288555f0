import { sql } from 'kysely';
import { keepCurrentTake } from '../job-takes.js';
import type { StoreContext } from '../store-context.js';
import { requireMovie } from './movies.js';
import { namedKeys } from './named-keys.js';
import { recountDependencies } from './recount-dependencies.js';

/**
 * Puts jobs back to `pending` with fresh attempts: every failed or cancelled job, or with `keys` only
 * those, completed ones included (their version in use is kept as a take). A failed job keeps its
 * saved operation (finished work whose result never arrived is fetched, not bought again); completed
 * and cancelled ones are made anew. Returns how many were reset.
 */
export function retryJobs(context: StoreContext, movieId: string, filter: { keys?: string[] }, now: number): number {
  const { db, queries } = context;
  requireMovie(context, movieId);
  const named = filter.keys ? namedKeys(filter.keys) : undefined;
  // A finished job named again is made again, keeping this version as a take.
  if (named) {
    const finished = queries.all(db.selectFrom('jobs').selectAll().where('movie_id', '=', movieId).where('status', '=', 'completed').where('key', 'in', named));
    for (const row of finished) {
      queries.run(db.updateTable('jobs').set({ takes: JSON.stringify(keepCurrentTake(row, now)) }).where('movie_id', '=', movieId).where('key', '=', row.key));
    }
  }
  let query = db
    .updateTable('jobs')
    .set({
      status: 'pending',
      attempts: 0,
      run_at: now,
      // SET reads the row as it was, so `status` here is the old one.
      operation: sql<string | null>`case when status = 'failed' then operation else null end`,
      // A retry is a fresh start: the job's deadline counts from its next attempt.
      first_started_at: null,
      updated_at: now,
    })
    .where('movie_id', '=', movieId)
    .where('status', 'in', named ? ['failed', 'cancelled', 'completed'] : ['failed', 'cancelled']);
  if (named) query = query.where('key', 'in', named);
  const count = queries.run(query);
  // Pending jobs wait again for every parent made again (one count per parent, not per job).
  if (named && count > 0) recountDependencies(context, movieId);
  return count;
}

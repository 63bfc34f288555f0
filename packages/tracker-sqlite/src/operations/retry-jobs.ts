import { sql } from 'kysely';
import type { StoreContext } from '../store-context.js';
import { requireMovie } from './movies.js';

/**
 * Puts jobs back to `pending` with fresh attempts: every failed or cancelled job, or with `keys` only
 * those, completed ones included. A failed job keeps its saved operation (finished work whose result
 * never arrived is fetched, not bought again); completed and cancelled ones are made anew. Returns
 * how many were reset.
 */
export function retryJobs(context: StoreContext, movieId: string, filter: { keys?: string[] }, now: number): number {
  const { db, queries } = context;
  requireMovie(context, movieId);
  const named = filter.keys ? sql<string>`(select value from json_each(${JSON.stringify(filter.keys)}))` : undefined;
  // A finished job named again is made again; its pending dependents wait for it once more.
  if (named) {
    queries.run(
      db
        .updateTable('jobs')
        .set({ pending_dependencies: sql<number>`pending_dependencies + 1` })
        .where('movie_id', '=', movieId)
        .where('status', '=', 'pending')
        .where(
          'key',
          'in',
          db
            .selectFrom('job_dependencies')
            .select('key')
            .where('movie_id', '=', movieId)
            .where('depends_on', 'in', db.selectFrom('jobs').select('key').where('movie_id', '=', movieId).where('status', '=', 'completed').where('key', 'in', named)),
        ),
    );
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
  return queries.run(query);
}

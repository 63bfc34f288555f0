import { sql } from 'kysely';
import type { StoreContext } from '../store-context.js';
import { namedKeys } from './named-keys.js';

/**
 * Pending jobs of the movie, or only the `keys` named, count their unfinished dependencies again:
 * after jobs were enqueued, re-planned, retired or given another take outside a worker's
 * `complete`, which keeps the counts in step on its own.
 */
export function recountDependencies(context: StoreContext, movieId: string, keys?: string[]): void {
  const { db, queries } = context;
  let query = db
    .updateTable('jobs')
    .set({
      pending_dependencies: sql<number>`(select count(*) from job_dependencies as d where d.movie_id = jobs.movie_id and d.key = jobs.key
        and not exists (select 1 from jobs as parent where parent.movie_id = d.movie_id and parent.key = d.depends_on and parent.status = 'completed'))`,
    })
    .where('movie_id', '=', movieId)
    .where('status', '=', 'pending');
  if (keys) query = query.where('key', 'in', namedKeys(keys));
  queries.run(query);
}

import type { Job } from '@cinema/core';
import { sql } from 'kysely';
import { toJob } from '../job-row.js';
import type { StoreContext } from '../store-context.js';
import { requireMovie } from './movies.js';
import { namedKeys } from './named-keys.js';

const unfinishedStatus = sql<boolean>`status in ('pending', 'in_progress', 'waiting')`;

/**
 * Moves every unfinished job of the movie (or those named in `keys`) to `cancelled` and ends its
 * lease, so a worker still running one finds its writes fenced. Returns the jobs as they were, with
 * their operations, so the caller can ask the provider to stop the work. Must run inside a write
 * transaction, so no claim or write comes between reading the jobs and cancelling them.
 */
export function cancelJobs(context: StoreContext, movieId: string, filter: { keys?: string[] }, now: number): Job[] {
  const { db, queries } = context;
  requireMovie(context, movieId);
  const named = filter.keys ? namedKeys(filter.keys) : undefined;
  let before = db.selectFrom('jobs').selectAll().where('movie_id', '=', movieId).where(unfinishedStatus);
  let cancel = db.updateTable('jobs').set({ status: 'cancelled', lease_owner: null, lease_expires_at: null, updated_at: now }).where('movie_id', '=', movieId).where(unfinishedStatus);
  if (named) {
    before = before.where('key', 'in', named);
    cancel = cancel.where('key', 'in', named);
  }
  const jobs = queries.all(before.orderBy(sql`rowid`)).map(toJob);
  if (jobs.length > 0) queries.run(cancel);
  return jobs;
}

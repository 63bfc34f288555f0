import type { Job, JobStatus } from '@cinema/core';
import { sql } from 'kysely';
import { toJob } from '../job-row.js';
import type { StoreContext } from '../store-context.js';

/** The movie's jobs in the order they were enqueued, optionally only those of one status and/or stage. */
export function listJobs(context: StoreContext, movieId: string, filter: { status?: JobStatus; stage?: string }): Job[] {
  let query = context.db.selectFrom('jobs').selectAll().where('movie_id', '=', movieId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.stage !== undefined) query = query.where('stage', '=', filter.stage);
  return context.queries.all(query.orderBy(sql`rowid`)).map(toJob);
}

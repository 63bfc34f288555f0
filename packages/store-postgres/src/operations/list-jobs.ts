import type { Job, JobStatus } from '@cinema/core';
import { toJob } from '../job-row.js';
import type { StoreContext } from '../store-context.js';

/** The movie's jobs, filtered by status and stage when given, in the order they were planned. */
export async function listJobs(context: StoreContext, movieId: string, filter: { status?: JobStatus; stage?: string }): Promise<Job[]> {
  let query = context.db.selectFrom('jobs').selectAll().where('movie_id', '=', movieId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.stage !== undefined) query = query.where('stage', '=', filter.stage);
  const rows = await query.orderBy('created_at').orderBy('key').execute();
  return rows.map(toJob);
}

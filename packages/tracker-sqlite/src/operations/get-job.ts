import type { Job } from '@cinema/core';
import { toJob } from '../job-row.js';
import type { JobRow } from '../job-row.js';
import type { StoreContext } from '../store-context.js';

export function getJob(context: StoreContext, movieId: string, key: string): Job | undefined {
  const row = getJobRow(context, movieId, key);
  return row && toJob(row);
}

/** The job's row as stored, for operations that decide what to write from it. */
export function getJobRow(context: StoreContext, movieId: string, key: string): JobRow | undefined {
  return context.queries.prepared('job', (p) => context.db.selectFrom('jobs').selectAll().where('movie_id', '=', p.movieId).where('key', '=', p.key)).first({ movieId, key });
}

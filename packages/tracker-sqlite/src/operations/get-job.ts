import type { Job } from '@cinema/core';
import { toJob } from '../job-row.js';
import type { StoreContext } from '../store-context.js';

export function getJob(context: StoreContext, movieId: string, key: string): Job | undefined {
  const row = context.queries.first(context.db.selectFrom('jobs').selectAll().where('movie_id', '=', movieId).where('key', '=', key));
  return row && toJob(row);
}

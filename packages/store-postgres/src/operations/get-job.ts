import type { Job } from '@cinema/core';
import { toJob } from '../job-row.js';
import type { StoreContext } from '../store-context.js';

export async function getJob(context: StoreContext, movieId: string, key: string): Promise<Job | undefined> {
  const row = await context.db.selectFrom('jobs').selectAll().where('movie_id', '=', movieId).where('key', '=', key).executeTakeFirst();
  return row && toJob(row);
}

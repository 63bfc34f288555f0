import type { Job } from '@cinema/core';
import { toJob } from '../job-row.js';
import type { StoreContext } from '../store-context.js';

export async function getJob(context: StoreContext, movieId: string, key: string): Promise<Job | undefined> {
  const { rows } = await context.compiled.run(
    context.db,
    'job',
    (p) => context.db.selectFrom('jobs').selectAll().where('movie_id', '=', p.movieId).where('key', '=', p.key),
    { movieId, key },
  );
  return rows[0] && toJob(rows[0]);
}

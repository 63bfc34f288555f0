import { summarizeJobs } from '@cinema/core';
import type { JobSummary } from '@cinema/core';
import { sql } from 'kysely';
import { fromMicros } from '../micros.js';
import type { StoreContext } from '../store-context.js';

/** Counts and costs per stage and status, summed by PostgreSQL; core's `summarizeJobs` adds them up. */
export async function summarizeMovie(context: StoreContext, movieId: string): Promise<JobSummary> {
  const { rows } = await context.compiled.run(
    context.db,
    'summary',
    (p) =>
      context.db
        .selectFrom('jobs')
        .select(['stage', 'status', sql<string>`count(*)`.as('count'), sql<string>`sum(cost_micros)`.as('cost'), sql<string>`sum(estimated_cost_micros)`.as('estimate')])
        .where('movie_id', '=', p.movieId)
        .groupBy(['stage', 'status']),
    { movieId },
  );
  return summarizeJobs(rows.map((row) => ({ stage: row.stage, status: row.status, count: Number(row.count), costUsd: fromMicros(row.cost), estimatedCostUsd: fromMicros(row.estimate) })));
}

import { summarizeJobs } from '@cinema/core';
import type { JobSummary } from '@cinema/core';
import { sql } from 'kysely';
import { fromMicros } from '../micros.js';
import type { StoreContext } from '../store-context.js';

/** Counts and costs per stage and status, summed by SQLite; core's `summarizeJobs` adds them up. */
export function summarizeMovie(context: StoreContext, movieId: string): JobSummary {
  const rows = context.queries.all(
    context.db
      .selectFrom('jobs')
      .select(['stage', 'status', sql<number>`count(*)`.as('count'), sql<number>`sum(cost_micros)`.as('cost'), sql<number>`sum(estimated_cost_micros)`.as('estimate')])
      .where('movie_id', '=', movieId)
      .groupBy(['stage', 'status']),
  );
  return summarizeJobs(rows.map((row) => ({ stage: row.stage, status: row.status, count: row.count, costUsd: fromMicros(row.cost), estimatedCostUsd: fromMicros(row.estimate) })));
}

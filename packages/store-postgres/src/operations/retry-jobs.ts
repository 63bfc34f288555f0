import { sql } from 'kysely';
import { toJob } from '../job-row.js';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { byTakeNumber, currentTake } from '../takes.js';
import { requireMovie } from './movies.js';

/**
 * Puts jobs back to `pending` with fresh attempts and a fresh deadline: every failed or cancelled
 * job, or with `keys` only those, completed ones included (made again, their version kept as a take,
 * their pending dependents waiting for them once more). A failed job keeps its saved operation
 * (finished work whose result never arrived is fetched, not bought again); completed and cancelled
 * ones are made anew. Returns how many were reset. One transaction.
 */
export async function retryJobs(context: StoreContext, movieId: string, filter: { keys?: string[] }, now: number): Promise<number> {
  const times = callTimes(context.clock, now);
  return context.db.transaction().execute(async (db) => {
    await requireMovie({ ...context, db }, movieId);
    let targets = db
      .selectFrom('jobs')
      .selectAll()
      .select(times.now.as('now'))
      .where('movie_id', '=', movieId)
      .where('status', 'in', filter.keys ? ['failed', 'cancelled', 'completed'] : ['failed', 'cancelled']);
    if (filter.keys) targets = targets.where('key', '=', sql<string>`any(${filter.keys}::text[])`);
    // Locked first, so a concurrent enqueue counts their dependents' dependencies after this commits.
    const rows = await targets.orderBy('key').forUpdate().execute();

    const remade = rows.filter((row) => row.status === 'completed').map((row) => row.key);
    if (remade.length > 0) {
      const edges = db
        .selectFrom('job_dependencies')
        .select(['key', sql<string>`count(*)`.as('count')])
        .where('movie_id', '=', movieId)
        .where('depends_on', '=', sql<string>`any(${remade}::text[])`)
        .groupBy('key');
      await db
        .updateTable('jobs')
        .from(edges.as('edges'))
        .set({ pending_dependencies: sql<number>`jobs.pending_dependencies + edges.count` })
        .where('jobs.movie_id', '=', movieId)
        .whereRef('jobs.key', '=', 'edges.key')
        .where('jobs.status', '=', 'pending')
        .execute();
    }
    for (const row of rows) {
      const job = toJob(row);
      const current = job.status === 'completed' ? currentTake(job, Number(row.now)) : undefined;
      await db
        .updateTable('jobs')
        .set({
          status: 'pending',
          attempts: 0,
          run_at: times.now,
          operation: job.status === 'failed' && job.operation !== null ? JSON.stringify(job.operation) : null,
          first_started_at: null,
          updated_at: times.now,
          ...(current ? { takes: JSON.stringify(byTakeNumber([...job.takes, current])) } : {}),
        })
        .where('movie_id', '=', movieId)
        .where('key', '=', job.key)
        .execute();
    }
    return rows.length;
  });
}

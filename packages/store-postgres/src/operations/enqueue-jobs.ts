import type { Job, JobSpec } from '@cinema/core';
import { sql } from 'kysely';
import { newJobRow, specColumns, toJob } from '../job-row.js';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { byTakeNumber, currentTake, isInFlight } from '../takes.js';
import { requireMovie } from './movies.js';
import { recountDependencies } from './recount-dependencies.js';

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters per statement. */
const rowsPerInsert = 500;

/**
 * Inserts the jobs whose key is new, with their dependency edges; brings back a retired job planned
 * again unchanged; re-plans one planned with another input hash unless it is in flight (a completed
 * one keeps its version as a take and is made again); then recounts unfinished dependencies: of
 * every pending job named, or of every pending job when something was re-planned. One transaction.
 */
export async function enqueueJobs(context: StoreContext, movieId: string, specs: JobSpec[], now: number): Promise<{ created: number; updated: number }> {
  const times = callTimes(context.clock, now);
  // One key order for every caller, so concurrent enqueues of the same keys queue behind each other
  // instead of deadlocking.
  const sorted = [...new Map(specs.map((spec) => [spec.key, spec])).values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return context.db.transaction().execute(async (db) => {
    const inTransaction = { ...context, db };
    await requireMovie(inTransaction, movieId);
    const created = new Set<string>();
    for (let start = 0; start < sorted.length; start += rowsPerInsert) {
      const rows = sorted.slice(start, start + rowsPerInsert).map((spec) => ({ ...newJobRow(movieId, spec), run_at: times.now, created_at: times.now, updated_at: times.now }));
      const inserted = await db
        .insertInto('jobs')
        .values(rows)
        .onConflict((conflict) => conflict.columns(['movie_id', 'key']).doNothing())
        .returning('key')
        .execute();
      for (const row of inserted) created.add(row.key);
    }
    await addEdges(inTransaction, movieId, sorted.filter((spec) => created.has(spec.key)));

    const existing = sorted.filter((spec) => !created.has(spec.key));
    let updated = 0;
    if (existing.length > 0) {
      // Only jobs planned with another hash, or retired, can change: the rest are not even locked.
      const planned = sql<{ key: string; input_hash: string }>`(select unnest(${existing.map((spec) => spec.key)}::text[]) as key, unnest(${existing.map((spec) => spec.inputHash)}::text[]) as input_hash)`;
      const rows = await db
        .selectFrom('jobs')
        .innerJoin(planned.as('planned'), (join) => join.onRef('planned.key', '=', 'jobs.key'))
        .selectAll('jobs')
        .select(times.now.as('now'))
        .where('jobs.movie_id', '=', movieId)
        .where(sql<boolean>`(jobs.input_hash <> planned.input_hash or jobs.status = 'retired')`)
        .orderBy('jobs.key')
        .forUpdate('jobs')
        .execute();
      const bySpec = new Map(existing.map((spec) => [spec.key, spec]));
      for (const row of rows) {
        const job = toJob(row);
        const spec = bySpec.get(job.key)!;
        if (job.status === 'retired' && job.inputHash === spec.inputHash) {
          // Planned again unchanged (a removed scene put back): it is what it was.
          await db
            .updateTable('jobs')
            .set({ status: job.take > 0 ? 'completed' : 'pending', updated_at: times.now })
            .where('movie_id', '=', movieId)
            .where('key', '=', job.key)
            .execute();
          updated++;
        } else if (job.inputHash !== spec.inputHash && !isInFlight(job)) {
          await replan(inTransaction, job, spec, times.now, Number(row.now));
          updated++;
        }
      }
    }
    // A re-planned job may have been completed: then every pending job counts again.
    await recountDependencies(inTransaction, movieId, updated > 0 ? undefined : sorted.map((spec) => spec.key));
    return { created: created.size, updated };
  });
}

async function addEdges(context: StoreContext, movieId: string, specs: JobSpec[]): Promise<void> {
  const edges = specs.flatMap((spec) => spec.dependsOn.map((dependsOn) => ({ movie_id: movieId, key: spec.key, depends_on: dependsOn })));
  for (let start = 0; start < edges.length; start += rowsPerInsert) {
    await context.db.insertInto('job_dependencies').values(edges.slice(start, start + rowsPerInsert)).onConflict((conflict) => conflict.doNothing()).execute();
  }
}

/**
 * New inputs for a job that is not in flight: it takes everything the spec says (a held job stays
 * held), and unless it was still pending it starts afresh; a completed (or retired) one keeps its
 * version as a take.
 */
async function replan(context: StoreContext, job: Job, spec: JobSpec, now: ReturnType<typeof callTimes>['now'], nowMs: number): Promise<void> {
  const { db } = context;
  let takes = job.takes;
  if (job.status === 'completed' || job.status === 'retired') {
    const current = currentTake(job, nowMs);
    if (current) takes = byTakeNumber([...takes, current]);
  }
  const fresh = job.status !== 'pending';
  await db
    .updateTable('jobs')
    .set({
      ...specColumns(spec),
      // Held stays held (a redo holds what it will remake); a spec that says so holds it again.
      held: (spec.held ?? false) || job.held,
      takes: JSON.stringify(takes),
      updated_at: now,
      ...(fresh ? { status: 'pending', attempts: 0, run_at: now, operation: null, first_started_at: null, completed_at: null } : {}),
    })
    .where('movie_id', '=', job.movieId)
    .where('key', '=', job.key)
    .execute();
  await db.deleteFrom('job_dependencies').where('movie_id', '=', job.movieId).where('key', '=', job.key).execute();
  await addEdges(context, job.movieId, [spec]);
}

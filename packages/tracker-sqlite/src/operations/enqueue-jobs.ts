import type { JobSpec } from '@cinema/core';
import { newJobRow, plannedColumns } from '../job-row.js';
import type { JobRow } from '../job-row.js';
import { hasFinishedVersion, keepCurrentTake } from '../job-takes.js';
import type { StoreContext } from '../store-context.js';
import { getJobRow } from './get-job.js';
import { inFlight } from './in-flight.js';
import { requireMovie } from './movies.js';
import { recountDependencies } from './recount-dependencies.js';

/**
 * Inserts the jobs whose key is new, with their dependency edges. A job that exists is re-planned
 * when its input hash changed and it is not in flight (a finished version is kept as a take first),
 * and a retired one planned again unchanged comes back as it was. Then pending jobs count their
 * unfinished dependencies again: those named, or, after a re-plan, every pending job of the movie,
 * since a job they wait for may no longer be completed.
 */
export function enqueueJobs(context: StoreContext, movieId: string, specs: JobSpec[], now: number): { created: number; updated: number } {
  const { db, queries } = context;
  requireMovie(context, movieId);
  let created = 0;
  let updated = 0;
  for (const spec of specs) {
    const inserted = queries.run(
      db
        .insertInto('jobs')
        .values(newJobRow(movieId, spec, now))
        .onConflict((conflict) => conflict.columns(['movie_id', 'key']).doNothing()),
    );
    if (inserted > 0) {
      created++;
      insertDependencies(context, movieId, spec);
      continue;
    }
    const existing = getJobRow(context, movieId, spec.key)!;
    if (existing.status === 'retired' && existing.input_hash === spec.inputHash) {
      // Planned again unchanged (a removed scene put back): it is what it was.
      const status = hasFinishedVersion(existing) ? 'completed' : 'pending';
      queries.run(db.updateTable('jobs').set({ status, updated_at: now }).where('movie_id', '=', movieId).where('key', '=', spec.key));
      updated++;
    } else if (existing.input_hash !== spec.inputHash && !inFlight(existing)) {
      replan(context, existing, spec, now);
      updated++;
    }
  }
  recountDependencies(context, movieId, updated > 0 ? undefined : specs.map((spec) => spec.key));
  return { created, updated };
}

/** Gives a job everything its new spec says; a job that had finished keeps that version as a take and is made again. */
function replan(context: StoreContext, existing: JobRow, spec: JobSpec, now: number) {
  const { db, queries } = context;
  const restart = existing.status === 'pending' ? {} : { status: 'pending' as const, attempts: 0, run_at: now, operation: null, first_started_at: null, completed_at: null };
  queries.run(
    db
      .updateTable('jobs')
      .set({ ...plannedColumns(spec), held: spec.held || existing.held !== 0 ? 1 : 0, ...restart, takes: JSON.stringify(keepCurrentTake(existing, now)), updated_at: now })
      .where('movie_id', '=', existing.movie_id)
      .where('key', '=', existing.key),
  );
  queries.run(db.deleteFrom('job_dependencies').where('movie_id', '=', existing.movie_id).where('key', '=', existing.key));
  insertDependencies(context, existing.movie_id, spec);
}

function insertDependencies(context: StoreContext, movieId: string, spec: JobSpec) {
  const { db, queries } = context;
  for (const dependency of spec.dependsOn) {
    queries.run(
      db
        .insertInto('job_dependencies')
        .values({ movie_id: movieId, key: spec.key, depends_on: dependency })
        .onConflict((conflict) => conflict.doNothing()),
    );
  }
}

import type { JobSpec } from '@cinema/core';
import { sql } from 'kysely';
import { newJobRow } from '../job-row.js';
import { toMicros } from '../micros.js';
import type { StoreContext } from '../store-context.js';
import { requireMovie } from './movies.js';

/**
 * Inserts the jobs whose key is new, with their dependency edges; re-plans a pending job that has no
 * saved operation when its input hash changed; then recounts the unfinished dependencies of every
 * pending job named, since a dependency may have been enqueued or completed since.
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
      for (const dependency of spec.dependsOn) {
        queries.run(
          db
            .insertInto('job_dependencies')
            .values({ movie_id: movieId, key: spec.key, depends_on: dependency })
            .onConflict((conflict) => conflict.doNothing()),
        );
      }
      continue;
    }
    updated += queries.run(
      db
        .updateTable('jobs')
        .set({ input: JSON.stringify(spec.input), input_hash: spec.inputHash, estimated_cost_micros: toMicros(spec.estimatedCostUsd ?? 0), updated_at: now })
        .where('movie_id', '=', movieId)
        .where('key', '=', spec.key)
        .where('input_hash', '!=', spec.inputHash)
        .where('status', '=', 'pending')
        .where('operation', 'is', null),
    );
  }
  for (const spec of specs) {
    queries.run(
      db
        .updateTable('jobs')
        .set({
          pending_dependencies: sql<number>`(select count(*) from job_dependencies as d where d.movie_id = jobs.movie_id and d.key = jobs.key
            and not exists (select 1 from jobs as parent where parent.movie_id = d.movie_id and parent.key = d.depends_on and parent.status = 'completed'))`,
        })
        .where('movie_id', '=', movieId)
        .where('key', '=', spec.key)
        .where('status', '=', 'pending'),
    );
  }
  return { created, updated };
}

import type { JobCompletion, JobLease } from '@cinema/core';
import { sql } from 'kysely';
import { nullableJson } from '../job-row.js';
import { nextTakeNumberSql } from '../job-takes.js';
import { toMicros } from '../micros.js';
import type { StoreContext } from '../store-context.js';
import { fenced, leaseParameters } from './fence.js';
import { addSpent } from './movies.js';

/**
 * Records the result, its cost and the hash it was made from as the job's next take, ends the lease,
 * and unblocks the job's dependents in the same transaction.
 */
export function completeJob(context: StoreContext, lease: JobLease, completion: JobCompletion, now: number): boolean {
  const { db, queries } = context;
  const cost = toMicros(completion.costUsd);
  const values = {
    ...leaseParameters(lease),
    outputs: JSON.stringify(completion.outputs),
    result: nullableJson(completion.result),
    inputHash: completion.inputHash ?? null,
    cost,
    now,
  };
  const changed = queries
    .prepared('complete.job', (p) =>
      fenced(db.updateTable('jobs'), p).set({
        status: 'completed',
        outputs: p.outputs,
        result: p.result,
        input_hash: sql<string>`coalesce(${p.inputHash}, input_hash)`,
        take: nextTakeNumberSql,
        cost_micros: sql<number>`cost_micros + ${p.cost}`,
        completed_at: p.now,
        updated_at: p.now,
        lease_owner: null,
        lease_expires_at: null,
      }),
    )
    .run(values);
  if (changed === 0) return false;
  addSpent(context, lease.movieId, cost);
  queries
    .prepared('complete.unblock', (p) =>
      db
        .updateTable('jobs')
        .set({ pending_dependencies: sql<number>`pending_dependencies - 1` })
        .where('movie_id', '=', p.movieId)
        .where('pending_dependencies', '>', 0)
        .where('key', 'in', db.selectFrom('job_dependencies').select('key').where('movie_id', '=', p.movieId).where('depends_on', '=', p.key)),
    )
    .run(values);
  return true;
}

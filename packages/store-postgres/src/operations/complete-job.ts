import type { JobCompletion, JobLease } from '@cinema/core';
import { sql } from 'kysely';
import { toMicros } from '../micros.js';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { fenced } from './fence.js';

/**
 * Records the result (the job's next take), the hash it was made from and the cost, ends the lease,
 * and unblocks the job's dependents, in one statement (so one commit): a dependent never sees its
 * parent completed without its own count going down.
 */
export async function completeJob(context: StoreContext, lease: JobLease, completion: JobCompletion, now: number): Promise<boolean> {
  const madeFrom = completion.inputHash !== undefined;
  const values = {
    movieId: lease.movieId,
    key: lease.key,
    token: lease.token,
    now: Math.round(now),
    outputs: JSON.stringify(completion.outputs),
    result: completion.result === undefined || completion.result === null ? null : JSON.stringify(completion.result),
    inputHash: completion.inputHash ?? null,
    cost: toMicros(completion.costUsd),
  };
  const { rows } = await context.compiled.run(
    context.db,
    `complete.${madeFrom}`,
    (p) => {
      const times = callTimes(context.clock, p.now);
      const done = fenced(context.db.updateTable('jobs'), p)
        .set({
          status: 'completed',
          outputs: p.outputs,
          result: p.result,
          ...(madeFrom ? { input_hash: p.inputHash } : {}),
          // The next take's number: one past every take the job has had. Most jobs have no earlier
          // takes, and are spared unpacking the empty list.
          take: sql<number>`case when takes = '[]'::jsonb then take else greatest(take, (select max((earlier.value ->> 'take')::integer) from jsonb_array_elements(takes) as earlier)) end + 1`,
          cost_micros: sql<number>`cost_micros + cast(${p.cost} as bigint)`,
          completed_at: times.now,
          updated_at: times.now,
          lease_owner: null,
          lease_expires_at: null,
        })
        .returning(['movie_id', 'key']);
      return context.db
        .with('done', () => done)
        .with('unblocked', (query) =>
          query
            .updateTable('jobs')
            .from(['job_dependencies as dependency', 'done'])
            .set({ pending_dependencies: sql<number>`jobs.pending_dependencies - 1` })
            .whereRef('dependency.movie_id', '=', 'done.movie_id')
            .whereRef('dependency.depends_on', '=', 'done.key')
            .whereRef('jobs.movie_id', '=', 'dependency.movie_id')
            .whereRef('jobs.key', '=', 'dependency.key')
            .where(sql<boolean>`jobs.pending_dependencies > 0`)
            .returning('jobs.key'),
        )
        .selectNoFrom([sql<string>`(select count(*) from done)`.as('completed')]);
    },
    values,
  );
  return Number(rows[0]?.completed ?? 0) > 0;
}

/**
 * Whether the job completed under this lease: for a completion retried after its reply was lost,
 * which finds it already done (only the lease holder can complete with its token).
 */
export async function completedUnder(context: StoreContext, lease: JobLease): Promise<boolean> {
  const row = await context.db
    .selectFrom('jobs')
    .select('key')
    .where('movie_id', '=', lease.movieId)
    .where('key', '=', lease.key)
    .where('lease_token', '=', lease.token)
    .where('status', '=', 'completed')
    .executeTakeFirst();
  return row !== undefined;
}

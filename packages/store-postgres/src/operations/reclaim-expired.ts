import type { JobStatus } from '@cinema/core';
import { sql } from 'kysely';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { activeStatus } from './fence.js';
import { requireMovie } from './movies.js';

const leaseExpiredMessage = 'the worker holding this job stopped answering (lease expired)';

/**
 * Ends every lease of the movie that has run out. A job with a saved operation goes back to
 * `pending`, keeping it, with its attempt given back; one without goes back to `pending`, or to
 * `failed` with a timeout error when it has no attempts left. Processes sweeping at once take each
 * job back once: the second waits for the first's row lock and then finds the lease gone.
 */
export async function reclaimExpired(context: StoreContext, movieId: string, now: number): Promise<number> {
  const times = callTimes(context.clock, now);
  const outOfAttempts = sql<boolean>`operation is null and attempts >= max_attempts`;
  const result = await context.db
    .updateTable('jobs')
    .set({
      status: sql<JobStatus>`case when ${outOfAttempts} then 'failed' else 'pending' end`,
      run_at: sql<number>`case when ${outOfAttempts} then run_at else ${times.now} end`,
      // The provider holds the work: re-attaching continues the attempt, it does not start one.
      attempts: sql<number>`case when operation is null then attempts else greatest(0, attempts - 1) end`,
      errors: sql<string>`case when ${outOfAttempts} then errors || jsonb_build_array(jsonb_build_object('attempt', attempts, 'message', ${leaseExpiredMessage}::text, 'category', 'timeout', 'isRetryable', false, 'at', ${times.now})) else errors end`,
      lease_owner: null,
      lease_expires_at: null,
      updated_at: times.now,
    })
    .where('movie_id', '=', movieId)
    .where(activeStatus)
    .where('lease_expires_at', '<=', times.now)
    .executeTakeFirst();
  const count = Number(result.numUpdatedRows);
  if (count === 0) await requireMovie(context, movieId);
  return count;
}

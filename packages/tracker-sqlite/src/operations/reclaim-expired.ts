import type { JobStatus } from '@cinema/core';
import { sql } from 'kysely';
import type { StoreContext } from '../store-context.js';
import { activeStatus } from './fence.js';
import { requireMovie } from './movies.js';

const leaseExpiredMessage = 'the worker holding this job stopped answering (lease expired)';

/**
 * Ends every lease of the movie that ran out by `now`. A job with a saved operation goes back to
 * `pending`, keeping it, with its attempt given back; one without goes back to `pending`, or to
 * `failed` with a timeout error when it has no attempts left.
 */
export function reclaimExpired(context: StoreContext, movieId: string, now: number): number {
  requireMovie(context, movieId);
  const outOfAttempts = sql<boolean>`operation is null and attempts >= max_attempts`;
  return context.queries.run(
    context.db
      .updateTable('jobs')
      .set({
        status: sql<JobStatus>`case when ${outOfAttempts} then 'failed' else 'pending' end`,
        run_at: sql<number>`case when ${outOfAttempts} then run_at else ${now} end`,
        // The provider holds the work: re-attaching continues the attempt, it does not start one.
        attempts: sql<number>`case when operation is null then attempts else max(0, attempts - 1) end`,
        errors: sql<string>`case when ${outOfAttempts} then json_insert(errors, '$[#]', json_object('attempt', attempts, 'message', ${leaseExpiredMessage}, 'category', 'timeout', 'isRetryable', json('false'), 'at', ${now})) else errors end`,
        lease_owner: null,
        lease_expires_at: null,
        updated_at: now,
      })
      .where('movie_id', '=', movieId)
      .where(activeStatus)
      .where('lease_expires_at', '<=', now),
  );
}

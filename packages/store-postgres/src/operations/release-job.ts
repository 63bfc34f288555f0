import type { JobLease } from '@cinema/core';
import { sql } from 'kysely';
import type { StoreContext } from '../store-context.js';
import { fencedUpdate } from './fence.js';

/**
 * Gives the job back at once (clean shutdown): pending, ready now, with its attempt returned and a
 * saved operation kept, so the next claim re-attaches and continues the attempt this one stopped.
 */
export function releaseJob(context: StoreContext, lease: JobLease, now: number): Promise<boolean> {
  return fencedUpdate(context, 'release', lease, now, {}, (query, _p, times) =>
    query.set({
      status: 'pending',
      attempts: sql<number>`greatest(0, attempts - 1)`,
      lease_owner: null,
      lease_expires_at: null,
      run_at: times.now,
      updated_at: times.now,
    }),
  );
}

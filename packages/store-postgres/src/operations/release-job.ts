import type { JobLease } from '@cinema/core';
import { sql } from 'kysely';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { changedOne, fenced } from './fence.js';

/**
 * Gives the job back at once (clean shutdown): pending, ready now, with its attempt returned and a
 * saved operation kept, so the next claim re-attaches and continues the attempt this one stopped.
 */
export function releaseJob(context: StoreContext, lease: JobLease, now: number): Promise<boolean> {
  const times = callTimes(context.clock, now);
  return changedOne(
    fenced(context.db.updateTable('jobs'), lease).set({
      status: 'pending',
      attempts: sql<number>`greatest(0, attempts - 1)`,
      lease_owner: null,
      lease_expires_at: null,
      run_at: times.now,
      updated_at: times.now,
    }),
  );
}

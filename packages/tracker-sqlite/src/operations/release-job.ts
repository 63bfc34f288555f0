import type { JobLease } from '@cinema/core';
import { sql } from 'kysely';
import type { StoreContext } from '../store-context.js';
import { fencedUpdate } from './fence.js';

/** Gives the job back at once (clean shutdown): pending, ready now, its attempt returned unless work was submitted. */
export function releaseJob(context: StoreContext, lease: JobLease, now: number): boolean {
  return fencedUpdate(context, 'release', lease, { now }, (query, p) =>
    query.set({
      status: 'pending',
      attempts: sql<number>`case when operation is null then max(0, attempts - 1) else attempts end`,
      lease_owner: null,
      lease_expires_at: null,
      run_at: p.now,
      updated_at: p.now,
    }),
  );
}

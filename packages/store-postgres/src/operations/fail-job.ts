import type { JobFailure, JobLease } from '@cinema/core';
import { sql } from 'kysely';
import { toMicros } from '../micros.js';
import type { StoreContext } from '../store-context.js';
import { fencedUpdate } from './fence.js';

/**
 * Appends the attempt's error and cost and ends the lease: back to `pending` at `retryAt`, or
 * `failed` when it is null. The saved operation is cleared, so the next attempt submits anew, unless
 * `keepOperation` says the provider has the work and only its result failed to arrive: then the next
 * claim re-attaches and fetches it instead of paying again.
 */
export function failJob(context: StoreContext, lease: JobLease, failure: JobFailure, now: number): Promise<boolean> {
  const retry = failure.retryAt !== null;
  const keep = failure.keepOperation === true;
  const values = { error: JSON.stringify(failure.error), cost: toMicros(failure.costUsd ?? 0), retryAt: retry ? Math.round(failure.retryAt!) : null };
  return fencedUpdate(context, `fail.${retry}.${failure.consumeAttempt}.${keep}`, lease, now, values, (query, p, times) =>
    query.set({
      // SET reads the row as it was: `attempts` is the attempt that failed.
      errors: sql<string>`errors || jsonb_build_array(cast(${p.error} as jsonb) || jsonb_build_object('attempt', attempts, 'at', ${times.now}))`,
      cost_micros: sql<number>`cost_micros + cast(${p.cost} as bigint)`,
      attempts: failure.consumeAttempt ? sql<number>`attempts` : sql<number>`greatest(0, attempts - 1)`,
      lease_owner: null,
      lease_expires_at: null,
      updated_at: times.now,
      status: retry ? 'pending' : 'failed',
      ...(retry ? { run_at: times.at(p.retryAt) } : {}),
      ...(keep ? {} : { operation: null }),
    }),
  );
}

import type { JobFailure, JobLease } from '@cinema/core';
import { sql } from 'kysely';
import { toMicros } from '../micros.js';
import type { StoreContext } from '../store-context.js';
import { fenced, leaseParameters } from './fence.js';
import { addSpent } from './movies.js';

/**
 * Appends the attempt's error and cost and ends the lease: back to `pending` at `retryAt`, or
 * `failed` when it is null. The saved operation is cleared, so the next attempt submits anew, unless
 * `keepOperation` says the provider has the work and only its result failed to arrive: then the next
 * claim re-attaches and fetches it instead of paying again.
 */
export function failJob(context: StoreContext, lease: JobLease, failure: JobFailure, now: number): boolean {
  const cost = toMicros(failure.costUsd ?? 0);
  const error = JSON.stringify({ ...failure.error, at: now });
  const retry = failure.retryAt !== null;
  const changed = context.queries.run(
    fenced(context.db.updateTable('jobs'), leaseParameters(lease)).set({
      errors: sql<string>`json_insert(errors, '$[#]', json_set(json(${error}), '$.attempt', attempts))`,
      cost_micros: sql<number>`cost_micros + ${cost}`,
      attempts: failure.consumeAttempt ? sql<number>`attempts` : sql<number>`max(0, attempts - 1)`,
      lease_owner: null,
      lease_expires_at: null,
      updated_at: now,
      status: retry ? 'pending' : 'failed',
      ...(retry ? { run_at: failure.retryAt! } : {}),
      ...(failure.keepOperation ? {} : { operation: null }),
    }),
  );
  if (changed === 0) return false;
  if (cost !== 0) addSpent(context, lease.movieId, cost);
  return true;
}

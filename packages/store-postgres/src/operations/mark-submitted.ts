import type { JobLease, JsonValue } from '@cinema/core';
import type { StoreContext } from '../store-context.js';
import { fencedUpdate } from './fence.js';

/** Saves the provider's operation and moves the job to `waiting`. False when the lease is gone. */
export function markSubmitted(context: StoreContext, lease: JobLease, operation: JsonValue, now: number): Promise<boolean> {
  return fencedUpdate(context, 'mark-submitted', lease, now, { operation: JSON.stringify(operation) }, (query, p, times) =>
    query.set({ operation: p.operation, status: 'waiting', updated_at: times.now }),
  );
}

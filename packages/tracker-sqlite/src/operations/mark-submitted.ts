import type { JobLease, JsonValue } from '@cinema/core';
import type { StoreContext } from '../store-context.js';
import { fencedUpdate } from './fence.js';

/** Saves the provider's operation and moves the job to `waiting`, so a later claim re-attaches to it. */
export function markSubmitted(context: StoreContext, lease: JobLease, operation: JsonValue, now: number): boolean {
  return fencedUpdate(context, 'mark-submitted', lease, { operation: JSON.stringify(operation), now }, (query, p) =>
    query.set({ operation: p.operation, status: 'waiting', updated_at: p.now }),
  );
}

import type { JobLease, JsonValue } from '@cinema/core';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { changedOne, fenced } from './fence.js';

/** Saves the provider's operation and moves the job to `waiting`. False when the lease is gone. */
export function markSubmitted(context: StoreContext, lease: JobLease, operation: JsonValue, now: number): Promise<boolean> {
  return changedOne(
    fenced(context.db.updateTable('jobs'), lease).set({ operation: JSON.stringify(operation), status: 'waiting', updated_at: callTimes(context.clock, now).now }),
  );
}

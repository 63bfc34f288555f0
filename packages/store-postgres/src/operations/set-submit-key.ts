import type { JobLease } from '@cinema/core';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { changedOne, fenced } from './fence.js';

/** Records the idempotency key of the submission about to be made. False when the lease is gone. */
export function setSubmitKey(context: StoreContext, lease: JobLease, submitKey: string, now: number): Promise<boolean> {
  return changedOne(fenced(context.db.updateTable('jobs'), lease).set({ submit_key: submitKey, updated_at: callTimes(context.clock, now).now }));
}

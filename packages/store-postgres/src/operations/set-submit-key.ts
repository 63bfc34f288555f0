import type { JobLease } from '@cinema/core';
import type { StoreContext } from '../store-context.js';
import { fencedUpdate } from './fence.js';

/** Records the idempotency key of the submission about to be made. False when the lease is gone. */
export function setSubmitKey(context: StoreContext, lease: JobLease, submitKey: string, now: number): Promise<boolean> {
  return fencedUpdate(context, 'set-submit-key', lease, now, { submitKey }, (query, p, times) => query.set({ submit_key: p.submitKey, updated_at: times.now }));
}

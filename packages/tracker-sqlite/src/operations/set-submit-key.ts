import type { JobLease } from '@cinema/core';
import type { StoreContext } from '../store-context.js';
import { fencedUpdate } from './fence.js';

/** Records the idempotency key sent to the provider, before the first submission. */
export function setSubmitKey(context: StoreContext, lease: JobLease, submitKey: string, now: number): boolean {
  return fencedUpdate(context, 'set-submit-key', lease, { submitKey, now }, (query, p) => query.set({ submit_key: p.submitKey, updated_at: p.now }));
}

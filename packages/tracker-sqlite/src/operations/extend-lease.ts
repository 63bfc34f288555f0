import type { JobLease } from '@cinema/core';
import type { StoreContext } from '../store-context.js';
import { fencedUpdate } from './fence.js';

/** Heartbeat: the lease now runs out `leaseMs` after `now`. False when the lease is gone. */
export function extendLease(context: StoreContext, lease: JobLease, leaseMs: number, now: number): boolean {
  return fencedUpdate(context, 'extend-lease', lease, { leaseExpiresAt: now + leaseMs, now }, (query, p) =>
    query.set({ lease_expires_at: p.leaseExpiresAt, updated_at: p.now }),
  );
}

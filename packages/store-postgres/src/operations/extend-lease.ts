import type { JobLease } from '@cinema/core';
import type { StoreContext } from '../store-context.js';
import { fencedUpdate } from './fence.js';

/** Heartbeat: the lease now runs out `leaseMs` from now. False when the lease is gone. */
export function extendLease(context: StoreContext, lease: JobLease, leaseMs: number, now: number): Promise<boolean> {
  return fencedUpdate(context, 'extend-lease', lease, now, { leaseMs: Math.round(leaseMs) }, (query, p, times) =>
    query.set({ lease_expires_at: times.after(p.leaseMs), updated_at: times.now }),
  );
}

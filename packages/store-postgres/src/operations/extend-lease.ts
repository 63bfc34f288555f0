import type { JobLease } from '@cinema/core';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { changedOne, fenced } from './fence.js';

/** Heartbeat: the lease now runs out `leaseMs` from now. False when the lease is gone. */
export function extendLease(context: StoreContext, lease: JobLease, leaseMs: number, now: number): Promise<boolean> {
  const times = callTimes(context.clock, now);
  return changedOne(fenced(context.db.updateTable('jobs'), lease).set({ lease_expires_at: times.after(leaseMs), updated_at: times.now }));
}

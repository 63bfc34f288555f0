import { describe, expect, it } from 'vitest';
import type { JobLease, JobStoreV1 } from '../job-store/v1/index.js';
import { ManualClock } from '../testing/manual-clock.js';
import { LeaseKeeper } from './lease-keeper.js';

function storeWith(heartbeat: (lease: JobLease, leaseMs: number, now: number) => Promise<boolean>) {
  return { heartbeat } as unknown as JobStoreV1;
}

describe('LeaseKeeper', () => {
  it('heartbeats every held lease on one timer of the injected clock', async () => {
    const clock = new ManualClock(0);
    const beats: string[] = [];
    const keeper = new LeaseKeeper(storeWith(async (lease, leaseMs, now) => (beats.push(`${lease.key}@${now}/${leaseMs}`), true)), clock, 3000);
    keeper.hold({ movieId: 'm', key: 'a', token: 1 }, () => undefined);
    keeper.hold({ movieId: 'm', key: 'b', token: 1 }, () => undefined);
    expect(clock.pending).toBe(1);
    await clock.advance(999);
    expect(beats).toEqual([]);
    await clock.advance(1);
    expect(beats).toEqual(['a@1000/3000', 'b@1000/3000']);
    keeper.release('a');
    await clock.advance(1000);
    expect(beats.slice(2)).toEqual(['b@2000/3000']);
    await keeper.stop();
    expect(clock.pending).toBe(0);
  });

  it('calls onLost once for a lease the store refuses, and stops keeping it', async () => {
    const clock = new ManualClock(0);
    let calls = 0;
    const keeper = new LeaseKeeper(storeWith(async (lease) => (calls++, lease.key !== 'lost')), clock, 300);
    const lost: string[] = [];
    keeper.hold({ movieId: 'm', key: 'lost', token: 4 }, () => lost.push('lost'));
    keeper.hold({ movieId: 'm', key: 'kept', token: 4 }, () => lost.push('kept'));
    await clock.advance(100);
    await clock.advance(100);
    expect(lost).toEqual(['lost']);
    expect(calls).toBe(3);
    await keeper.stop();
  });

  it('treats a store error as a missed beat, not a lost lease', async () => {
    const clock = new ManualClock(0);
    let failing = true;
    const keeper = new LeaseKeeper(storeWith(async () => {
      if (failing) throw new Error('database is locked');
      return true;
    }), clock, 300);
    const lost: string[] = [];
    keeper.hold({ movieId: 'm', key: 'a', token: 1 }, () => lost.push('a'));
    await clock.advance(100);
    failing = false;
    await clock.advance(100);
    expect(lost).toEqual([]);
    await keeper.stop();
  });
});

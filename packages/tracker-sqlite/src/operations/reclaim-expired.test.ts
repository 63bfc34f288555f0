import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestContext, testMovieId as movieId, testNow as now } from '../test-context.js';
import type { TestContext } from '../test-context.js';
import { claimJobs } from './claim-jobs.js';
import { enqueueJobs } from './enqueue-jobs.js';
import { expireLeasesOf } from './expire-leases-of.js';
import { getJob } from './get-job.js';
import { markSubmitted } from './mark-submitted.js';
import { queryPlan } from './query-plan.js';
import { reclaimExpired } from './reclaim-expired.js';
import { leaseOf, testClaim, testSpec } from './test-jobs.js';

describe('reclaimExpired', () => {
  let harness: TestContext;
  beforeEach(async () => void (harness = await openTestContext()));
  afterEach(() => harness.close());

  const job = (key: string) => getJob(harness.context, movieId, key)!;

  it('finds expired leases through the jobs_active index, so its cost does not grow with finished jobs', () => {
    const prepare = vi.spyOn(harness.database, 'prepare');
    expect(reclaimExpired(harness.context, movieId, now)).toBe(0);
    const sweep = prepare.mock.calls.map(([text]) => text).find((text) => text.startsWith('update "jobs"'));
    expect(queryPlan(harness.database, sweep!)).toMatch(/SEARCH jobs USING INDEX jobs_active/);
  });

  it('in one sweep gives saved work its attempt back, sends other work back, and fails work out of attempts', () => {
    enqueueJobs(
      harness.context,
      movieId,
      [testSpec('submitted', { maxAttempts: 1 }), testSpec('fresh', { priority: 1 }), testSpec('spent', { maxAttempts: 1, priority: 2 }), testSpec('alive', { priority: 3 })],
      now,
    );
    const [submitted] = claimJobs(harness.context, testClaim({ limit: 3, leaseMs: 10 }));
    claimJobs(harness.context, testClaim({ limit: 1, leaseMs: 10_000 }));
    markSubmitted(harness.context, leaseOf(submitted!), { requestId: 'r-1' }, now + 1);

    expect(reclaimExpired(harness.context, movieId, now + 10)).toBe(3);
    expect(job('submitted')).toMatchObject({ status: 'pending', attempts: 0, operation: { requestId: 'r-1' }, errors: [], runAt: now + 10, leaseOwner: null });
    expect(job('fresh')).toMatchObject({ status: 'pending', attempts: 1, errors: [], runAt: now + 10, leaseOwner: null });
    expect(job('spent')).toMatchObject({ status: 'failed', attempts: 1, errors: [{ attempt: 1, category: 'timeout', isRetryable: false, at: now + 10 }], leaseOwner: null });
    expect(job('alive')).toMatchObject({ status: 'in_progress', attempts: 1, leaseOwner: 'worker-1' });

    const again = claimJobs(harness.context, testClaim({ now: now + 10 }));
    expect(again.map((claimed) => [claimed.key, claimed.status, claimed.attempts])).toEqual([
      ['submitted', 'waiting', 1],
      ['fresh', 'in_progress', 2],
    ]);
  });

  it("gives the attempt back to a dead worker's saved work, expired at once", () => {
    enqueueJobs(harness.context, movieId, [testSpec('a', { maxAttempts: 1 })], now);
    const [claimed] = claimJobs(harness.context, testClaim({ workerId: 'dead', leaseMs: 600_000 }));
    markSubmitted(harness.context, leaseOf(claimed!), { requestId: 'r-1' }, now);
    expect(expireLeasesOf(harness.context, movieId, 'dead', now + 1)).toBe(1);
    expect(reclaimExpired(harness.context, movieId, now + 1)).toBe(1);
    expect(job('a')).toMatchObject({ status: 'pending', attempts: 0, operation: { requestId: 'r-1' } });
  });
});

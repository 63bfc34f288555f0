import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestContext, testMovieId as movieId, testNow as now } from '../test-context.js';
import type { TestContext } from '../test-context.js';
import { claimJobs } from './claim-jobs.js';
import { completeJob } from './complete-job.js';
import { enqueueJobs } from './enqueue-jobs.js';
import { extendLease } from './extend-lease.js';
import { getJob } from './get-job.js';
import { markSubmitted } from './mark-submitted.js';
import { retireJobs } from './retire-jobs.js';
import { summarizeMovie } from './summarize-movie.js';
import { completeNext, leaseOf, testClaim, testSpec as spec } from './test-jobs.js';

describe('retireJobs', () => {
  let harness: TestContext;
  beforeEach(async () => void (harness = await openTestContext()));
  afterEach(() => harness.close());

  const job = (key: string) => getJob(harness.context, movieId, key)!;

  it('fences the worker of a job it retires mid-flight, so its late result is refused', () => {
    enqueueJobs(harness.context, movieId, [spec('a', { estimatedCostUsd: 2 })], now);
    const [claimed] = claimJobs(harness.context, testClaim());
    expect(retireJobs(harness.context, movieId, ['a'], now + 1)).toBe(1);
    expect(job('a')).toMatchObject({ status: 'retired', leaseOwner: null, leaseExpiresAt: null });
    expect(extendLease(harness.context, leaseOf(claimed!), 60_000, now + 2)).toBe(false);
    expect(completeJob(harness.context, leaseOf(claimed!), { outputs: [], costUsd: 1 }, now + 2)).toBe(false);
    expect(summarizeMovie(harness.context, movieId)).toMatchObject({ total: 0, retired: 1, inProgress: 0, remainingEstimateUsd: 0 });
    expect(retireJobs(harness.context, movieId, ['a'], now + 3)).toBe(0);
  });

  it('makes pending dependents of a retired job wait again', () => {
    enqueueJobs(harness.context, movieId, [spec('a'), spec('b', { dependsOn: ['a'] })], now);
    completeNext(harness.context, 'a');
    expect(job('b').pendingDependencies).toBe(0);
    retireJobs(harness.context, movieId, ['a'], now + 1);
    expect(job('b').pendingDependencies).toBe(1);
    expect(claimJobs(harness.context, testClaim({ now: now + 1 }))).toEqual([]);
  });

  it('keeps the saved operation of retired work, so bringing the job back re-attaches instead of paying again', () => {
    enqueueJobs(harness.context, movieId, [spec('a')], now);
    const [claimed] = claimJobs(harness.context, testClaim());
    markSubmitted(harness.context, leaseOf(claimed!), { requestId: 'r-1' }, now);
    retireJobs(harness.context, movieId, ['a'], now + 1);
    enqueueJobs(harness.context, movieId, [spec('a')], now + 2);
    expect(claimJobs(harness.context, testClaim({ now: now + 2 }))).toMatchObject([{ key: 'a', status: 'waiting', operation: { requestId: 'r-1' } }]);
  });
});

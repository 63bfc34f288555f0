import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestContext, testMovieId as movieId, testNow as now } from '../test-context.js';
import type { TestContext } from '../test-context.js';
import { addTake } from './add-take.js';
import { claimJobs } from './claim-jobs.js';
import { enqueueJobs } from './enqueue-jobs.js';
import { getJob } from './get-job.js';
import { markSubmitted } from './mark-submitted.js';
import { releaseJob } from './release-job.js';
import { leaseOf, testClaim, testOutput, testSpec as spec } from './test-jobs.js';

describe('addTake', () => {
  let harness: TestContext;
  beforeEach(async () => void (harness = await openTestContext()));
  afterEach(() => harness.close());

  const job = (key: string) => getJob(harness.context, movieId, key)!;

  it('completes a job that never ran with the user’s file as take 1, at no cost, and lets its dependents run', () => {
    enqueueJobs(harness.context, movieId, [spec('a'), spec('b', { dependsOn: ['a'] })], now);
    expect(addTake(harness.context, movieId, 'a', { outputs: [testOutput('mine')] }, now + 1)).toBe(1);
    expect(job('a')).toMatchObject({ status: 'completed', take: 1, takes: [], outputs: [testOutput('mine')], result: null, costUsd: 0, completedAt: now + 1 });
    expect(claimJobs(harness.context, testClaim({ now: now + 1 })).map((claimed) => claimed.key)).toEqual(['b']);
  });

  it('refuses a job whose provider work is saved, even while no worker holds it', () => {
    enqueueJobs(harness.context, movieId, [spec('a')], now);
    const [claimed] = claimJobs(harness.context, testClaim());
    markSubmitted(harness.context, leaseOf(claimed!), { requestId: 'r-1' }, now);
    releaseJob(harness.context, leaseOf(job('a')), now + 1);
    expect(job('a')).toMatchObject({ status: 'pending', operation: { requestId: 'r-1' } });
    expect(addTake(harness.context, movieId, 'a', { outputs: [testOutput('mine')] }, now + 2)).toBeUndefined();
    expect(job('a')).toMatchObject({ status: 'pending', take: 0, outputs: [] });
  });
});

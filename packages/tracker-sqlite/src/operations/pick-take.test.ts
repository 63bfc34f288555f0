import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestContext, testMovieId as movieId, testNow as now } from '../test-context.js';
import type { TestContext } from '../test-context.js';
import { claimJobs } from './claim-jobs.js';
import { enqueueJobs } from './enqueue-jobs.js';
import { getJob } from './get-job.js';
import { pickTake } from './pick-take.js';
import { completeNext, testClaim, testOutput, testSpec as spec } from './test-jobs.js';

describe('pickTake', () => {
  let harness: TestContext;
  beforeEach(async () => void (harness = await openTestContext()));
  afterEach(() => harness.close());

  const job = (key: string) => getJob(harness.context, movieId, key)!;

  it('puts the take back in use on a job being made again, without keeping that take twice, and lets its dependents run', () => {
    enqueueJobs(harness.context, movieId, [spec('a'), spec('b', { dependsOn: ['a'] })], now);
    completeNext(harness.context, 'first', 0.5);
    enqueueJobs(harness.context, movieId, [spec('a', { inputHash: 'hash:a2' })], now + 1);
    expect(job('b').pendingDependencies).toBe(1);
    expect(pickTake(harness.context, movieId, 'a', 1, now + 2)).toBe(true);
    expect(job('a')).toMatchObject({ status: 'completed', take: 1, takes: [], inputHash: 'a', outputs: [testOutput('first')], completedAt: now, costUsd: 0.5 });
    expect(job('b').pendingDependencies).toBe(0);
    expect(claimJobs(harness.context, testClaim({ now: now + 2 })).map((claimed) => claimed.key)).toEqual(['b']);
  });

  it('changes nothing when the take is already in use, and refuses a job in flight', () => {
    enqueueJobs(harness.context, movieId, [spec('a')], now);
    completeNext(harness.context, 'first');
    const before = job('a');
    expect(pickTake(harness.context, movieId, 'a', 1, now + 1)).toBe(true);
    expect(job('a')).toEqual(before);
    enqueueJobs(harness.context, movieId, [spec('a', { inputHash: 'hash:a2' })], now + 2);
    claimJobs(harness.context, testClaim({ now: now + 2 }));
    expect(pickTake(harness.context, movieId, 'a', 1, now + 3)).toBe(false);
    expect(job('a')).toMatchObject({ status: 'in_progress', inputHash: 'hash:a2' });
  });
});

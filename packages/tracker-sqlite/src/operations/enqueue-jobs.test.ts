import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestContext, testMovieId as movieId, testNow as now } from '../test-context.js';
import type { TestContext } from '../test-context.js';
import { enqueueJobs } from './enqueue-jobs.js';
import { getJob } from './get-job.js';
import { retireJobs } from './retire-jobs.js';
import { completeNext, testOutput, testSpec as spec } from './test-jobs.js';

describe('enqueueJobs', () => {
  let harness: TestContext;
  beforeEach(async () => void (harness = await openTestContext()));
  afterEach(() => harness.close());

  const job = (key: string) => getJob(harness.context, movieId, key)!;

  it('re-plans the dependency edges too: a re-planned job waits for its new dependencies only', () => {
    enqueueJobs(harness.context, movieId, [spec('x', { priority: 1 }), spec('y'), spec('a', { dependsOn: ['x'] })], now);
    enqueueJobs(harness.context, movieId, [spec('a', { inputHash: 'hash:a2', dependsOn: ['y'] })], now + 1);
    expect(job('a').pendingDependencies).toBe(1);
    expect(completeNext(harness.context, 'y', 1, now + 2)).toBe('y');
    // Had the edge to x stayed, `a` would still wait and x would come first.
    expect(job('a').pendingDependencies).toBe(0);
    expect(completeNext(harness.context, 'a', 1, now + 3)).toBe('a');
  });

  it('brings back a retired job that was being made again as pending, keeping its take once', () => {
    enqueueJobs(harness.context, movieId, [spec('a')], now);
    completeNext(harness.context, 'first', 0.5);
    enqueueJobs(harness.context, movieId, [spec('a', { inputHash: 'hash:a2' })], now + 1);
    retireJobs(harness.context, movieId, ['a'], now + 2);
    // Its outputs are still take 1's, made from the old inputs: it is not done.
    expect(enqueueJobs(harness.context, movieId, [spec('a', { inputHash: 'hash:a2' })], now + 3)).toEqual({ created: 0, updated: 1 });
    expect(job('a')).toMatchObject({ status: 'pending', take: 1, outputs: [testOutput('first')] });
    retireJobs(harness.context, movieId, ['a'], now + 4);
    enqueueJobs(harness.context, movieId, [spec('a', { inputHash: 'hash:a3' })], now + 5);
    expect(job('a').takes.map((take) => [take.take, take.inputHash, take.costUsd])).toEqual([[1, 'a', 0.5]]);
    completeNext(harness.context, 'second', 0.25, now + 6);
    expect(job('a')).toMatchObject({ status: 'completed', take: 2, inputHash: 'hash:a3', costUsd: 0.75 });
  });

  it('re-plans a completed job that is retired, keeping its version, and lets its dependents wait for the remake', () => {
    enqueueJobs(harness.context, movieId, [spec('a'), spec('b', { dependsOn: ['a'] })], now);
    completeNext(harness.context, 'first');
    retireJobs(harness.context, movieId, ['a'], now + 1);
    enqueueJobs(harness.context, movieId, [spec('a', { inputHash: 'hash:a2', held: true })], now + 2);
    expect(job('a')).toMatchObject({ status: 'pending', held: true, attempts: 0, completedAt: null, take: 1 });
    expect(job('a').takes.map((take) => take.take)).toEqual([1]);
    expect(job('b').pendingDependencies).toBe(1);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestContext, testMovieId as movieId, testNow as now } from '../test-context.js';
import type { TestContext } from '../test-context.js';
import { cancelJobs } from './cancel-jobs.js';
import { claimJobs } from './claim-jobs.js';
import { enqueueJobs } from './enqueue-jobs.js';
import { failJob } from './fail-job.js';
import { getJob } from './get-job.js';
import { markSubmitted } from './mark-submitted.js';
import { retryJobs } from './retry-jobs.js';
import { completeNext, leaseOf, testClaim, testOutput, testSpec } from './test-jobs.js';

describe('retryJobs', () => {
  let harness: TestContext;
  beforeEach(async () => void (harness = await openTestContext()));
  afterEach(() => harness.close());

  const job = (key: string) => getJob(harness.context, movieId, key)!;

  it('keeps the saved work of a failed job and drops that of a cancelled one', () => {
    enqueueJobs(harness.context, movieId, [testSpec('failed'), testSpec('cancelled', { priority: 1 })], now);
    const [failed, cancelled] = claimJobs(harness.context, testClaim());
    for (const claimed of [failed!, cancelled!]) markSubmitted(harness.context, leaseOf(claimed), { requestId: claimed.key }, now);
    const error = { message: 'the result would not download', category: 'network' as const, isRetryable: false };
    failJob(harness.context, leaseOf(failed!), { error, retryAt: null, consumeAttempt: true, keepOperation: true }, now + 1);
    cancelJobs(harness.context, movieId, { keys: ['cancelled'] }, now + 1);

    expect(retryJobs(harness.context, movieId, {}, now + 2)).toBe(2);
    expect(job('failed')).toMatchObject({ status: 'pending', attempts: 0, runAt: now + 2, operation: { requestId: 'failed' } });
    expect(job('cancelled')).toMatchObject({ status: 'pending', attempts: 0, runAt: now + 2, operation: null });
    expect(claimJobs(harness.context, testClaim({ now: now + 2 })).map((claimed) => [claimed.key, claimed.status])).toEqual([
      ['failed', 'waiting'],
      ['cancelled', 'in_progress'],
    ]);
  });

  it('keeps the version of a completed job it makes again as a take, with what that version cost', () => {
    enqueueJobs(harness.context, movieId, [testSpec('a')], now);
    completeNext(harness.context, 'first', 0.5);
    expect(retryJobs(harness.context, movieId, { keys: ['a'] }, now + 1)).toBe(1);
    expect(job('a')).toMatchObject({ status: 'pending', take: 1, outputs: [testOutput('first')] });
    expect(job('a').takes).toEqual([{ take: 1, outputs: [testOutput('first')], result: { name: 'first' }, costUsd: 0.5, inputHash: 'a', completedAt: now }]);
    completeNext(harness.context, 'second', 0.25, now + 2);
    expect(job('a')).toMatchObject({ take: 2, outputs: [testOutput('second')], costUsd: 0.75 });
    expect(retryJobs(harness.context, movieId, { keys: ['a'] }, now + 3)).toBe(1);
    expect(job('a').takes.map((take) => [take.take, take.costUsd])).toEqual([
      [1, 0.5],
      [2, 0.25],
    ]);
  });
});

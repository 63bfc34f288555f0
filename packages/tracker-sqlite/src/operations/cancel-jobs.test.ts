import { MovieNotFoundError } from '@cinema/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestContext, testMovieId as movieId, testNow as now } from '../test-context.js';
import type { TestContext } from '../test-context.js';
import { cancelJobs } from './cancel-jobs.js';
import { claimJobs } from './claim-jobs.js';
import { completeJob } from './complete-job.js';
import { enqueueJobs } from './enqueue-jobs.js';
import { extendLease } from './extend-lease.js';
import { failJob } from './fail-job.js';
import { getJob } from './get-job.js';
import { markSubmitted } from './mark-submitted.js';
import { createMovie } from './movies.js';
import { leaseOf, testClaim, testSpec } from './test-jobs.js';

describe('cancelJobs', () => {
  let harness: TestContext;
  beforeEach(async () => void (harness = await openTestContext()));
  afterEach(() => harness.close());

  const job = (key: string, movie = movieId) => getJob(harness.context, movie, key)!;

  it('cancels only the named unfinished jobs of the movie, whatever their keys hold', () => {
    const odd = `scene "1" it's / 'quoted'`;
    createMovie(harness.context, { id: 'movie-2', input: null, now });
    enqueueJobs(harness.context, movieId, [testSpec('a'), testSpec(odd), testSpec('b')], now);
    enqueueJobs(harness.context, 'movie-2', [testSpec('a')], now);
    const cancelled = cancelJobs(harness.context, movieId, { keys: ['a', odd, 'missing'] }, now + 1);
    expect(cancelled.map((cancelledJob) => [cancelledJob.key, cancelledJob.status])).toEqual([
      ['a', 'pending'],
      [odd, 'pending'],
    ]);
    expect([job('a').status, job(odd).status, job('b').status, job('a', 'movie-2').status]).toEqual(['cancelled', 'cancelled', 'pending', 'pending']);
    expect(cancelJobs(harness.context, movieId, { keys: [] }, now + 2)).toEqual([]);
    expect(job('b').status).toBe('pending');
  });

  it('returns leased jobs as they were, ends their leases, and leaves finished jobs as they are', () => {
    enqueueJobs(harness.context, movieId, [testSpec('done'), testSpec('broken', { priority: 1 }), testSpec('submitted', { priority: 2 })], now);
    const [done, broken, submitted] = claimJobs(harness.context, testClaim());
    completeJob(harness.context, leaseOf(done!), { outputs: [], costUsd: 1 }, now + 1);
    failJob(harness.context, leaseOf(broken!), { error: { message: 'no', category: 'server', isRetryable: false }, retryAt: null, consumeAttempt: true }, now + 1);
    markSubmitted(harness.context, leaseOf(submitted!), { requestId: 'r-1' }, now + 2);
    const before = job('submitted');
    const [doneBefore, brokenBefore] = [job('done'), job('broken')];

    expect(cancelJobs(harness.context, movieId, {}, now + 3)).toEqual([before]);
    expect(job('submitted')).toEqual({ ...before, status: 'cancelled', leaseOwner: null, leaseExpiresAt: null, updatedAt: now + 3 });
    expect([job('done'), job('broken')]).toEqual([doneBefore, brokenBefore]);
    expect(extendLease(harness.context, leaseOf(before), 60_000, now + 4)).toBe(false);
    expect(claimJobs(harness.context, testClaim({ now: now + 4 }))).toEqual([]);
  });

  it('rejects an unknown movie', () => {
    expect(() => cancelJobs(harness.context, 'nope', {}, now)).toThrow(MovieNotFoundError);
  });
});

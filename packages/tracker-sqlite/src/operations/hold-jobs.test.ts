import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestContext, testMovieId as movieId, testNow as now } from '../test-context.js';
import type { TestContext } from '../test-context.js';
import { approveJobs } from './approve-jobs.js';
import { claimJobs } from './claim-jobs.js';
import { enqueueJobs } from './enqueue-jobs.js';
import { getJob } from './get-job.js';
import { holdJobs } from './hold-jobs.js';
import { markSubmitted } from './mark-submitted.js';
import { releaseJob } from './release-job.js';
import { completeNext, leaseOf, testClaim, testSpec as spec } from './test-jobs.js';

describe('holdJobs and approveJobs', () => {
  let harness: TestContext;
  beforeEach(async () => void (harness = await openTestContext()));
  afterEach(() => harness.close());

  const job = (key: string) => getJob(harness.context, movieId, key)!;

  it('holds finished and waiting jobs but not saved provider work, whose result is on its way', () => {
    enqueueJobs(harness.context, movieId, [spec('done'), spec('submitted', { priority: 1 }), spec('later', { priority: 2 })], now);
    completeNext(harness.context, 'done');
    const [submitted] = claimJobs(harness.context, testClaim({ limit: 1 }));
    markSubmitted(harness.context, leaseOf(submitted!), { requestId: 'r-1' }, now);
    releaseJob(harness.context, leaseOf(job('submitted')), now + 1);
    expect(holdJobs(harness.context, movieId, ['done', 'submitted', 'later'], now + 2)).toBe(2);
    expect([job('done').held, job('submitted').held, job('later').held]).toEqual([true, false, true]);
    expect(claimJobs(harness.context, testClaim({ now: now + 3 })).map((claimed) => claimed.key)).toEqual(['submitted']);
    expect(approveJobs(harness.context, movieId, ['later', 'later'], now + 4)).toBe(1);
    expect(job('later')).toMatchObject({ held: false, updatedAt: now + 4 });
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestContext, testMovieId as movieId, testNow as now } from '../test-context.js';
import type { TestContext } from '../test-context.js';
import { claimJobs } from './claim-jobs.js';
import { enqueueJobs } from './enqueue-jobs.js';
import { queryPlan } from './query-plan.js';
import { testClaim as request, testSpec as spec } from './test-jobs.js';

describe('claimJobs', () => {
  let harness: TestContext;
  beforeEach(async () => void (harness = await openTestContext()));
  afterEach(() => harness.close());

  it('reads ready jobs in claim order from the jobs_ready index, and running ones from jobs_active', () => {
    enqueueJobs(harness.context, movieId, [spec('a'), spec('b', { lane: 'other' })], now);
    const prepare = vi.spyOn(harness.database, 'prepare');
    claimJobs(harness.context, request({ limit: 1, laneConcurrency: { fal: 2 }, maxCostUsd: 10 }));
    claimJobs(harness.context, request({ limit: 1, excludeLanes: ['fal'] }));
    const texts = prepare.mock.calls.map(([text]) => text);
    const readyQueries = texts.filter((text) => text.includes('pending_dependencies = 0'));
    expect(readyQueries).toHaveLength(2);
    for (const text of readyQueries) {
      const plan = queryPlan(harness.database, text);
      expect(plan).toMatch(/SEARCH jobs USING INDEX jobs_ready/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    }
    const laneCount = texts.find((text) => text.includes('group by'));
    expect(queryPlan(harness.database, laneCount!)).toMatch(/USING (COVERING )?INDEX jobs_active/);
  });

  it('looks further when a lane fills up during the claim', () => {
    enqueueJobs(harness.context, movieId, [...['a1', 'a2', 'a3'].map((key) => spec(key, { lane: 'a' })), ...['b1', 'b2'].map((key) => spec(key, { lane: 'b', priority: 1 }))], now);
    const claimed = claimJobs(harness.context, request({ limit: 3, laneConcurrency: { a: 1 } }));
    expect(claimed.map((job) => job.key)).toEqual(['a1', 'b1', 'b2']);
  });

  it('looks further when the budget left no longer fits the next job', () => {
    enqueueJobs(harness.context, movieId, [spec('big-1', { estimatedCostUsd: 1 }), spec('big-2', { estimatedCostUsd: 1 }), spec('small', { estimatedCostUsd: 0.5, priority: 1 })], now);
    const claimed = claimJobs(harness.context, request({ limit: 2, maxCostUsd: 1.5 }));
    expect(claimed.map((job) => job.key)).toEqual(['big-1', 'small']);
  });
});

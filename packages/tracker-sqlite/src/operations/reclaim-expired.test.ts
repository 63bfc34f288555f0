import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestContext, testMovieId as movieId, testNow as now } from '../test-context.js';
import type { TestContext } from '../test-context.js';
import { queryPlan } from './query-plan.js';
import { reclaimExpired } from './reclaim-expired.js';

describe('reclaimExpired', () => {
  let harness: TestContext;
  beforeEach(async () => void (harness = await openTestContext()));
  afterEach(() => harness.close());

  it('finds expired leases through the jobs_active index, so its cost does not grow with finished jobs', () => {
    const prepare = vi.spyOn(harness.database, 'prepare');
    expect(reclaimExpired(harness.context, movieId, now)).toBe(0);
    const sweep = prepare.mock.calls.map(([text]) => text).find((text) => text.startsWith('update "jobs"'));
    expect(queryPlan(harness.database, sweep!)).toMatch(/SEARCH jobs USING INDEX jobs_active/);
  });
});

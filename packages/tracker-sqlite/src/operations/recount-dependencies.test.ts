import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestContext, testMovieId as movieId } from '../test-context.js';
import type { TestContext } from '../test-context.js';
import { queryPlan } from './query-plan.js';
import { recountDependencies } from './recount-dependencies.js';

describe('recountDependencies', () => {
  let harness: TestContext;
  beforeEach(async () => void (harness = await openTestContext()));
  afterEach(() => harness.close());

  it('finds each job’s own dependencies through an index, so recounting a whole movie stays cheap', () => {
    const prepare = vi.spyOn(harness.database, 'prepare');
    recountDependencies(harness.context, movieId);
    const recount = prepare.mock.calls.map(([text]) => text).find((text) => text.includes('job_dependencies'));
    expect(queryPlan(harness.database, recount!)).toMatch(/SEARCH d USING (COVERING )?INDEX job_dependencies_of_job \(movie_id=\? AND key=\?\)/);
  });
});

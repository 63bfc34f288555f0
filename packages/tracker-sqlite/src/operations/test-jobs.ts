import type { ClaimRequest, Job, JobLease, JobSpec } from '@cinema/core';
import { testMovieId, testNow } from '../test-context.js';

/** For tests: a job spec with defaults; `overrides` win. */
export function testSpec(key: string, overrides: Partial<JobSpec> = {}): JobSpec {
  return { key, stage: 'keyframes', lane: 'fal', input: null, inputHash: key, dependsOn: [], ...overrides };
}

/** For tests: a claim of the test movie's jobs at the test time; `overrides` win. */
export function testClaim(overrides: Partial<ClaimRequest> = {}): ClaimRequest {
  return { movieId: testMovieId, workerId: 'worker-1', limit: 10, leaseMs: 60_000, now: testNow, ...overrides };
}

export function leaseOf(job: Job): JobLease {
  return { movieId: job.movieId, key: job.key, token: job.leaseToken };
}

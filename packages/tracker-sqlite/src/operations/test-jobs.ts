import type { ClaimRequest, Job, JobLease, JobOutput, JobSpec } from '@cinema/core';
import type { StoreContext } from '../store-context.js';
import { testMovieId, testNow } from '../test-context.js';
import { claimJobs } from './claim-jobs.js';
import { completeJob } from './complete-job.js';

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

/** For tests: one output file named after `name`. */
export function testOutput(name: string): JobOutput {
  return { path: `${name}.png`, sha256: name.padEnd(64, '0').slice(0, 64), bytes: 10 };
}

/**
 * For tests: claims the test movie's next ready job and completes it with one output named `name`
 * and result `{ name }`. Returns the key of the job it completed, or undefined when none was ready.
 */
export function completeNext(context: StoreContext, name: string, costUsd = 1, now = testNow): string | undefined {
  const [job] = claimJobs(context, testClaim({ limit: 1, now }));
  if (!job) return undefined;
  completeJob(context, leaseOf(job), { outputs: [testOutput(name)], result: { name }, costUsd }, now);
  return job.key;
}

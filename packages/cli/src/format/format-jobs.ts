import type { Job } from '@cinema/core';
import { formatUsd, type Style } from '../progress/style.js';

/**
 * `cinema jobs`: one line per job, with the last error of a failed one, `held` for a job waiting
 * for approval, the take in use when the job has several, and `retired` for a cut scene's job.
 */
export function formatJobs(jobs: Job[], style: Style): string {
  if (jobs.length === 0) return 'No jobs.\n';
  const width = Math.max(...jobs.map((job) => job.key.length));
  const lines = jobs.map((job) => {
    const held = job.held && job.status === 'pending';
    const label = (held ? 'held' : job.status).padEnd(11);
    const state = job.status === 'failed' ? style.red(label) : job.status === 'completed' ? style.green(label) : held ? style.yellow(label) : job.status === 'retired' ? style.dim(label) : label;
    const notes = [
      held ? 'awaiting approval' : undefined,
      job.status === 'retired' ? 'its scene was cut; files kept' : undefined,
      takeOf(job),
      job.status === 'failed' ? (job.errors.at(-1)?.message ?? '') : undefined,
    ].filter((note) => note !== undefined);
    return `${job.key.padEnd(width)}  ${state}  attempts ${job.attempts}  ${formatUsd(job.costUsd)}${notes.map((note) => `  ${note}`).join('')}`;
  });
  return `${lines.join('\n')}\n`;
}

/** How many finished versions a job has: the take in use and the others kept. */
export function takeCount(job: Pick<Job, 'take' | 'takes'>): number {
  return job.takes.length + (job.take > 0 ? 1 : 0);
}

/** `take 2 of 3` for a job with more than one take; undefined otherwise. */
export function takeOf(job: Pick<Job, 'take' | 'takes'>): string | undefined {
  const count = takeCount(job);
  return count > 1 ? `take ${job.take} of ${count}` : undefined;
}

/** `cinema jobs --json`: a job without its lease, which is the store's business and changes by the second. */
export function publicJob(job: Job) {
  const { leaseOwner, leaseToken, leaseExpiresAt, submitKey, ...rest } = job;
  return rest;
}

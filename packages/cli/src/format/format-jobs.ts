import type { Job } from '@cinema/core';
import { formatUsd, type Style } from '../progress/style.js';

/** `cinema jobs`: one line per job, with the last error of a failed one. */
export function formatJobs(jobs: Job[], style: Style): string {
  if (jobs.length === 0) return 'No jobs.\n';
  const width = Math.max(...jobs.map((job) => job.key.length));
  const lines = jobs.map((job) => {
    const state = job.status === 'failed' ? style.red(job.status) : job.status === 'completed' ? style.green(job.status) : job.status;
    const error = job.status === 'failed' ? `  ${job.errors.at(-1)?.message ?? ''}` : '';
    return `${job.key.padEnd(width)}  ${state.padEnd(11)}  attempts ${job.attempts}  ${formatUsd(job.costUsd)}${error}`;
  });
  return `${lines.join('\n')}\n`;
}

/** `cinema jobs --json`: a job without its lease, which is the store's business and changes by the second. */
export function publicJob(job: Job) {
  const { leaseOwner, leaseToken, leaseExpiresAt, submitKey, ...rest } = job;
  return rest;
}

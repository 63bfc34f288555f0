import type { Job } from '@cinema/core';
import { formatUsd, type Style } from '../progress/style.js';

/**
 * `cinema jobs`: one line per job, with the last error of a failed one, `held` for a job waiting
 * for approval, the take in use when the job has several, what the checks and the judge said, and
 * `retired` for a cut scene's job.
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
      qualityOf(job),
      job.status === 'failed' ? (job.errors.at(-1)?.message ?? '') : undefined,
    ].filter((note) => note !== undefined);
    return `${job.key.padEnd(width)}  ${state}  attempts ${job.attempts}  ${formatUsd(job.costUsd)}${notes.map((note) => `  ${note}`).join('')}`;
  });
  return `${lines.join('\n')}\n`;
}

/**
 * What the checks and the judge said of the take in use: `judge 0.85`, `judge 0.50, flagged: the
 * beam is missing` when no take passed, `re-taken 2x` when earlier takes failed their checks.
 */
export function qualityOf(job: Pick<Job, 'result' | 'errors' | 'status'>): string | undefined {
  const judge = (job.result as { judge?: { score: number; problems: string[]; flagged?: boolean } } | null)?.judge;
  const retakes = job.errors.filter((error) => error.category === 'quality').length;
  const parts = [
    judge && `judge ${judge.score.toFixed(2)}${judge.flagged ? `, flagged${judge.problems.length > 0 ? `: ${judge.problems.join('; ')}` : ''}` : ''}`,
    job.status === 'completed' && retakes > 0 ? `re-taken ${retakes}x after failed checks` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : undefined;
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

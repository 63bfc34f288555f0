import type { Job, MovieResult } from '@cinema/core';
import { formatUsd, type Style } from '../progress/style.js';
import { shotOf } from '../shot-of.js';

/** How many failed or held jobs the summary names before it says "...". */
const jobsShown = 10;

/** The jobs a summary names: those that failed, and those that wait for approval. */
export interface ResultJobs {
  failed: readonly Job[];
  held: readonly Job[];
}

/** The last words of a run: where the film is, or what stopped it and the command that carries on. */
export function formatResult(result: MovieResult, jobs: ResultJobs, outFlag: string, style: Style): string {
  const cost = formatUsd(result.state.costUsd);
  switch (result.status) {
    case 'completed':
      return `${style.green('Done.')} ${result.finalVideo}\n${result.state.jobs.total} jobs, ${cost} spent.\n`;
    case 'running':
      return (
        `${style.green('Planned.')} ${result.state.jobs.total} job(s) of ${result.movieId} wait in the job store for workers.\n` +
        `Make them on any machine with the same config, --store and --storage: cinema worker${outFlag}\nWatch: cinema status ${result.movieId}${outFlag}\n`
      );
    case 'stopped':
      return `${style.yellow('Stopped.')} Finished work is kept and submitted work will be picked up again.\nResume with: cinema resume ${result.movieId}${outFlag}\n`;
    case 'budget_exceeded':
      return `${style.yellow('Budget reached.')} ${cost} spent; the next job would pass the cap. Raise budget.maxCostUsd (or --budget), then: cinema resume ${result.movieId}${outFlag}\n`;
    case 'awaiting_review': {
      const price = jobs.held.reduce((sum, job) => sum + job.estimatedCostUsd, 0);
      const lines = listed(jobs.held, (job) => `${job.key}  ${formatUsd(job.estimatedCostUsd)}`);
      const shot = jobs.held.map(shotOf).find((id) => id !== undefined);
      return (
        `${style.yellow('Waiting for review.')} ${jobs.held.length} job(s) wait for approval (${formatUsd(price)} estimated), ${cost} spent so far:\n${lines}` +
        `Look at the stills: cinema review ${result.movieId}${outFlag}\n` +
        `Then go on with: cinema approve ${result.movieId} --all${outFlag}${shot ? ` (or --shot ${shot} for that shot alone)` : ''}\n`
      );
    }
    default: {
      const lines = listed(jobs.failed, (job) => `${job.key}: ${job.errors.at(-1)?.message ?? 'failed'}`);
      return `${style.red('Failed.')} ${jobs.failed.length} job(s) failed:\n${lines}Fix the cause, then: cinema retry ${result.movieId} --failed${outFlag}\n`;
    }
  }
}

function listed(jobs: readonly Job[], line: (job: Job) => string): string {
  const shown = jobs.slice(0, jobsShown).map((job) => `  ${line(job)}\n`);
  return `${shown.join('')}${jobs.length > jobsShown ? '  ...\n' : ''}`;
}

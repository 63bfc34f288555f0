import type { Job, MovieResult } from '@cinema/core';
import { formatUsd, type Style } from '../progress/style.js';

/** How many failed jobs the summary names before it says "...". */
const failedJobsShown = 10;

/** The last words of a run: where the film is, or what stopped it and the command that carries on. */
export function formatResult(result: MovieResult, failedJobs: readonly Job[], outFlag: string, style: Style): string {
  const cost = formatUsd(result.state.costUsd);
  switch (result.status) {
    case 'completed':
      return `${style.green('Done.')} ${result.finalVideo}\n${result.state.jobs.total} jobs, ${cost} spent.\n`;
    case 'stopped':
      return `${style.yellow('Stopped.')} Finished work is kept and submitted work will be picked up again.\nResume with: cinema resume ${result.movieId}${outFlag}\n`;
    case 'budget_exceeded':
      return `${style.yellow('Budget reached.')} ${cost} spent; the next job would pass the cap. Raise budget.maxCostUsd (or --budget), then: cinema resume ${result.movieId}${outFlag}\n`;
    default: {
      const lines = failedJobs.slice(0, failedJobsShown).map((job) => `  ${job.key}: ${job.errors.at(-1)?.message ?? 'failed'}\n`);
      const more = failedJobs.length > failedJobsShown ? '  ...\n' : '';
      return `${style.red('Failed.')} ${failedJobs.length} job(s) failed:\n${lines.join('')}${more}Fix the cause, then: cinema retry ${result.movieId} --failed${outFlag}\n`;
    }
  }
}

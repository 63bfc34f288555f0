import type { Job, MovieStatus } from '@cinema/core';
import { formatUsd, type Style } from '../progress/style.js';
import { qualityOf, takeCount, takeOf } from './format-jobs.js';
import { listKeys } from './list-keys.js';
import { sortStages } from './stage-order.js';

/** The jobs `cinema status` names besides its counts: held for approval, on another take, retired. */
export interface StatusJobs {
  held: readonly Job[];
  withTakes: readonly Job[];
  retired: readonly Job[];
  /** Jobs whose take in use was judged, or re-taken after failed checks. Default: none. */
  judged?: readonly Job[];
}

/** What `cinema status --json` adds to the movie's status: the same three lists, by key. */
export function statusJobsJson(jobs: StatusJobs) {
  return {
    held: jobs.held.map((job) => ({ key: job.key, estimatedCostUsd: job.estimatedCostUsd })),
    takes: jobs.withTakes.map((job) => ({ key: job.key, take: job.take, takes: takeCount(job) })),
    retired: jobs.retired.map((job) => job.key),
    quality: (jobs.judged ?? []).map((job) => ({ key: job.key, quality: qualityOf(job) })),
  };
}

/** `cinema status`: progress, jobs per stage, cost, what waits for approval, takes, and where the film is. */
export function formatStatus(status: MovieStatus, jobs: StatusJobs, outFlag: string, style: Style): string {
  const lines = [
    `${style.bold(status.movieId)}  ${status.status}  ${status.progress.toFixed(1)}%`,
    `jobs: ${status.completed} completed of ${status.total}, ${status.failed} failed`,
    `cost: ${formatUsd(status.costUsd)} spent of ${formatUsd(status.costUsd + status.remainingEstimateUsd)} estimated (${formatUsd(status.remainingEstimateUsd)} to go)`,
    ...sortStages(Object.keys(status.stages)).map((name) => {
      const stage = status.stages[name]!;
      return `  ${name.padEnd(11)} ${String(stage.completed).padStart(4)}/${stage.total}${stage.failed ? ` (${stage.failed} failed)` : ''}  ${formatUsd(stage.costUsd)}`;
    }),
  ];
  if (jobs.held.length > 0) {
    const price = jobs.held.reduce((sum, job) => sum + job.estimatedCostUsd, 0);
    lines.push(`${style.yellow('held')}: ${jobs.held.length} job(s) await approval (${formatUsd(price)} estimated): see cinema review ${status.movieId}${outFlag}`);
  }
  if (jobs.withTakes.length > 0) lines.push(`takes: ${listKeys(jobs.withTakes.map((job) => `${job.key} ${takeOf(job)}`))}`);
  if (jobs.retired.length > 0) lines.push(`retired: ${jobs.retired.length} job(s) of cut scenes, files kept`);
  const flagged = (jobs.judged ?? []).filter((job) => (job.result as { judge?: { flagged?: boolean } } | null)?.judge?.flagged);
  if (flagged.length > 0) lines.push(`${style.yellow('flagged')}: no take of ${listKeys(flagged.map((job) => `${job.key} (${qualityOf(job)})`))} passed the judge; the best is in the film`);
  const retaken = (jobs.judged ?? []).filter((job) => job.errors.some((error) => error.category === 'quality'));
  if (retaken.length > 0) lines.push(`quality: ${retaken.length} job(s) re-taken after failed checks or a low score: see cinema jobs ${status.movieId}${outFlag}`);
  lines.push(status.finalVideo ? `film: ${status.finalVideo}` : `film: not made yet (${status.movieDir})`);
  return `${lines.join('\n')}\n`;
}

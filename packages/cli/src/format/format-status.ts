import type { MovieStatus } from '@cinema/core';
import { formatUsd, type Style } from '../progress/style.js';
import { sortStages } from './stage-order.js';

/** `cinema status`: progress, jobs per stage, cost, and where the film is. */
export function formatStatus(status: MovieStatus, style: Style): string {
  const lines = [
    `${style.bold(status.movieId)}  ${status.status}  ${status.progress.toFixed(1)}%`,
    `jobs: ${status.completed} completed of ${status.total}, ${status.failed} failed`,
    `cost: ${formatUsd(status.costUsd)} spent of ${formatUsd(status.costUsd + status.remainingEstimateUsd)} estimated (${formatUsd(status.remainingEstimateUsd)} to go)`,
    ...sortStages(Object.keys(status.stages)).map((name) => {
      const stage = status.stages[name]!;
      return `  ${name.padEnd(11)} ${String(stage.completed).padStart(4)}/${stage.total}${stage.failed ? ` (${stage.failed} failed)` : ''}  ${formatUsd(stage.costUsd)}`;
    }),
    status.finalVideo ? `film: ${status.finalVideo}` : `film: not made yet (${status.movieDir})`,
  ];
  return `${lines.join('\n')}\n`;
}

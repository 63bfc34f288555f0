import { formatUsd } from '../progress/style.js';

/** One line of a per-stage price table (estimate, plan): the stage, its jobs and their price, in columns. */
export function stageRow(name: string, jobs: number, costUsd: number): string {
  return `  ${name.padEnd(11)} ${String(jobs).padStart(5)} jobs  ${formatUsd(costUsd).padStart(10)}`;
}

import type { Job, RedoOptions, RedoPlan } from '@cinema/core';
import { formatUsd, type Style } from '../progress/style.js';
import { takeOf } from './format-jobs.js';
import { listKeys } from './list-keys.js';

/** `cinema redo`, before it asks: the jobs made again and their takes, what follows them, the price. */
export function formatRedoPlan(movieId: string, target: string, plan: RedoPlan, jobs: ReadonlyMap<string, Job>, asked: Pick<RedoOptions, 'what' | 'prompt' | 'seed'>, style: Style): string {
  const price = (key: string) => jobs.get(key)?.estimatedCostUsd ?? 0;
  const width = Math.max(...plan.keys.map((key) => key.length));
  const lines = [`${style.bold(movieId)}: redo the ${asked.what ?? 'video'} of ${target}, ${plan.takes} new take(s) each`];
  for (const key of plan.keys) {
    const job = jobs.get(key);
    const now = job && job.take > 0 ? `, take ${job.take} in use now` : '';
    lines.push(`  ${key.padEnd(width)}  ${plan.takes} × ${formatUsd(price(key))}${now}`);
  }
  if (plan.dependents.length > 0) {
    const dependentsPrice = plan.dependents.reduce((sum, key) => sum + price(key), 0);
    lines.push(`  then made again from the last take: ${listKeys(plan.dependents)} (${formatUsd(dependentsPrice)})`);
  }
  if (asked.prompt !== undefined) lines.push(`  prompt: ${asked.prompt}`);
  if (asked.seed !== undefined) lines.push(`  seed: ${asked.seed}`);
  lines.push(`  total ${formatUsd(plan.costUsd)} estimated; earlier takes are kept.`);
  return `${lines.join('\n')}\n`;
}

/** After a redo or a pick: which take each job uses now and the command that picks another. */
export function formatTakes(movieId: string, jobs: readonly Job[], outFlag: string): string {
  return jobs
    .map((job) => {
      const numbers = [job.take, ...job.takes.map((take) => take.take)].sort((a, b) => a - b);
      return `${job.key}: ${takeOf(job) ?? `take ${job.take}`} in use (takes ${numbers.join(', ')}); another with: cinema pick ${movieId} ${job.key} <take>${outFlag}\n`;
    })
    .join('');
}

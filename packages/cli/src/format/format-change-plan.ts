import type { ChangePlan, SceneChange } from '@cinema/core';
import type { Style } from '../progress/style.js';
import { listKeys } from './list-keys.js';
import { sortStages } from './stage-order.js';
import { stageRow } from './stage-row.js';

/**
 * `cinema plan`, and `cinema generate` before it asks: per scene what the edit does to it, per stage
 * the jobs to make and their price, the total, the jobs retired, and how sure the count is.
 */
export function formatChangePlan(plan: ChangePlan, scriptName: string, style: Style): string {
  const counts = (['changed', 'new', 'removed', 'unchanged'] as const)
    .map((change) => [change, plan.scenes.filter((scene) => scene.change === change).length] as const)
    .filter(([, count]) => count > 0)
    .map(([change, count]) => `${count} ${change}`);
  const lines = [`${style.bold(plan.movieId)} edited by ${scriptName}: ${counts.join(', ') || 'no scenes'}`];
  const idWidth = Math.max(0, ...plan.scenes.map((scene) => scene.sceneId.length));
  for (const scene of plan.scenes) lines.push(`  ${scene.sceneId.padEnd(idWidth)}  ${changeLabel(scene, style)}  ${scene.heading ?? style.dim('(no heading)')}`);

  if (plan.jobs === 0) {
    lines.push(`Nothing to make: every job is made from this script already.`);
  } else {
    lines.push('To make (new, changed, or made from something that changed):', ...stageTable(plan, style));
  }
  if (plan.retired.length > 0) lines.push(`Retired, their files kept: ${plan.retired.length} job(s): ${listKeys(plan.retired)}`);
  lines.push(
    style.dim(
      plan.drafted === 'writer'
        ? 'The writer is free, so it drafted the edited scenes: these are the jobs the film will make.'
        : 'The writer is paid, so the edited scenes were not drafted: a changed scene is counted with its old shots, a new one with one shot; the writer may cut them otherwise.',
    ),
  );
  return `${lines.join('\n')}\n`;
}

function changeLabel(scene: SceneChange, style: Style): string {
  const label = scene.change.padEnd(9);
  switch (scene.change) {
    case 'changed':
      return style.yellow(label);
    case 'new':
      return style.green(label);
    case 'removed':
      return style.red(label);
    default:
      return style.dim(label);
  }
}

/** Per stage the jobs a plan makes, their keys and price, then the total. */
export function stageTable(plan: Pick<ChangePlan, 'stages' | 'jobs' | 'costUsd'>, style: Style): string[] {
  const lines: string[] = [];
  for (const name of sortStages(Object.keys(plan.stages))) {
    const stage = plan.stages[name]!;
    lines.push(stageRow(name, stage.jobs, stage.costUsd), style.dim(`      ${listKeys(stage.keys)}`));
  }
  lines.push(stageRow('total', plan.jobs, plan.costUsd));
  return lines;
}

import type { CostEstimate, Screenplay } from '@cinema/core';
import type { Style } from '../progress/style.js';
import { stageRow } from './stage-row.js';

/** `cinema estimate`: the draft's size, then jobs and dollars per stage and in total. */
export function formatEstimate(scriptName: string, screenplay: Screenplay, estimate: CostEstimate, style: Style): string {
  const shots = screenplay.scenes.reduce((count, scene) => count + scene.shots.length, 0);
  return (
    `${style.bold(scriptName)}: ${screenplay.scenes.length} scenes, ${shots} shots, ${screenplay.characters.length} characters\n` +
    Object.entries(estimate.stages)
      .map(([name, stage]) => `${stageRow(name, stage.jobs, stage.costUsd)}\n`)
      .join('') +
    `${stageRow('total', estimate.jobs, estimate.totalUsd)}\n` +
    style.dim('The shot list is drafted offline; a hosted writer may cut the script into more or fewer shots.\n')
  );
}

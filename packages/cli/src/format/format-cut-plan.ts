import type { ChangePlan, CutShot } from '@cinema/core';
import type { Style } from '../progress/style.js';
import { stageTable } from './format-change-plan.js';

/** `cinema import-cut` before it runs: the shots of the cut, the clips it makes longer, and per stage the jobs and their price. */
export function formatCutPlan(plan: ChangePlan, shots: readonly CutShot[], longer: readonly CutShot[], file: string, style: Style): string {
  const lines = [`${style.bold(plan.movieId)} re-cut by ${file}: ${shots.length} shot(s), ${shots.reduce((sum, shot) => sum + shot.dialogue.length, 0)} line(s)`];
  for (const shot of longer) lines.push(`  ${shot.sceneId}:${shot.shotId}  ${style.yellow('longer')}  runs past its clip: it is made again ${shot.clipSeconds} s long`);
  if (plan.jobs === 0) {
    lines.push('Nothing to make: the film is made from this cut already.');
  } else {
    lines.push('To make:', ...stageTable(plan, style));
  }
  return `${lines.join('\n')}\n`;
}

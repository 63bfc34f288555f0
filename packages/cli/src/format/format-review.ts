import { priceLabel } from '../contact-sheets.js';
import { formatUsd, type Style } from '../progress/style.js';
import type { ShotReview } from '../shots-to-review.js';

/** `cinema review`: each shot to look at with its stills, prompt and price, then the sheets and what to run. */
export function formatReview(movieId: string, shots: readonly ShotReview[], sheets: readonly { path: string }[], outFlag: string, style: Style): string {
  if (shots.length === 0) return `Nothing to review in ${movieId}: no job waits for approval and every clip is made.\n`;
  const waiting = shots.filter((shot) => shot.held.length > 0);
  const price = waiting.reduce((sum, shot) => sum + shot.approveCostUsd, 0);
  const lines = [`${style.bold(movieId)}: ${shots.length} shot(s) to review, ${waiting.length} waiting for approval (${formatUsd(price)} to make them)`];
  for (const shot of shots) {
    const state = shot.held.length > 0 ? style.yellow('waiting for approval') : shot.clip?.status === 'failed' ? style.red('clip failed') : 'approved, clip not made yet';
    lines.push('', `${style.bold(shot.shot)}  ${state}  ${priceLabel(shot)}${shot.held.length > 0 ? ' to approve' : ''}`);
    if (shot.caption) lines.push(`  ${shot.caption}`);
    if (shot.prompt) lines.push(`  prompt: ${shot.prompt}`);
    const stills = shot.stills.map((still) => (still.path ? `${still.path}${still.quality ? `  (${still.quality})` : ''}` : `${still.key} (not made yet)`));
    lines.push(`  stills: ${stills.length > 0 ? stills.join('\n          ') : 'none'}`);
  }
  lines.push('', 'Contact sheets, one per scene:', ...sheets.map((sheet) => `  ${sheet.path}`));
  if (waiting.length > 0) lines.push(`Approve one shot with: cinema approve ${movieId} --shot ${waiting[0]!.shot}${outFlag}`, `or every one with:     cinema approve ${movieId} --all${outFlag}`);
  return `${lines.join('\n')}\n`;
}

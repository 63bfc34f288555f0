import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { movieLayout, type Screenplay } from '@cinema/core';
import { formatUsd } from './progress/style.js';
import type { ShotReview } from './shots-to-review.js';

/** What a shot's label says in place of a price once nothing of it waits for approval. */
export function priceLabel(shot: ShotReview): string {
  if (shot.held.length > 0) return formatUsd(shot.approveCostUsd);
  if (shot.clip && shot.clip.status !== 'pending' && shot.clip.status !== 'in_progress' && shot.clip.status !== 'waiting') return `clip ${shot.clip.status}`;
  return 'approved';
}

/**
 * Writes one contact sheet per scene that has shots to review, at `movieLayout.contactSheet`
 * (`review/scene_2_contact_sheet.png` in the movie folder), so a user on a server without a browser
 * can look at the stills before paying for the clips. Returns the sheets' absolute paths by scene.
 */
export async function writeContactSheets(shots: readonly ShotReview[], screenplay: Screenplay | undefined, movieDir: string): Promise<{ sceneId: string; path: string }[]> {
  const { renderContactSheet } = await import('@cinema/provider-animatic');
  const scenes = [...new Set(shots.map((shot) => shot.sceneId))];
  const written: { sceneId: string; path: string }[] = [];
  for (const sceneId of scenes) {
    const heading = screenplay?.scenes.find((scene) => scene.id === sceneId)?.heading;
    const sheet = await renderContactSheet({
      title: heading ? `${sceneId}  ${heading}` : sceneId,
      shots: await Promise.all(
        shots
          .filter((shot) => shot.sceneId === sceneId)
          .map(async (shot) => ({
            shotId: shot.shot,
            caption: shot.caption,
            price: priceLabel(shot),
            stills: await Promise.all(shot.stills.map((still) => (still.path ? readFile(still.path).then((bytes) => new Uint8Array(bytes), () => undefined) : undefined))),
          })),
      ),
    });
    const path = join(movieDir, movieLayout.contactSheet(sceneId));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, sheet);
    written.push({ sceneId, path });
  }
  return written;
}

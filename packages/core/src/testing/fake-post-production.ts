import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EditRequest, PostProductionV1 } from '../post-production/v1/index.js';

/**
 * A post-production plugin for tests of the pipeline alone: it checks every clip and line exists
 * and writes a manifest of the edit where the film would be. Use `@cinema/postprod-ffmpeg` for films.
 */
export function createFakePostProduction(options: { onRender?: (request: EditRequest) => void } = {}): PostProductionV1 & { renders: EditRequest[] } {
  const renders: EditRequest[] = [];
  return {
    specificationVersion: 'v1',
    name: 'fake',
    renders,
    async render(request) {
      renders.push(request);
      options.onRender?.(request);
      for (const shot of request.shots) {
        await readFile(shot.videoPath);
        for (const line of shot.dialogue) await readFile(line.audioPath);
      }
      const cards = (request.titleCard?.durationSeconds ?? 0) + (request.endCard?.durationSeconds ?? 0);
      const durationSeconds = request.shots.reduce((total, shot) => total + shot.durationSeconds, cards);
      await mkdir(dirname(request.outputPath), { recursive: true });
      await writeFile(`${request.outputPath}.partial`, JSON.stringify({ shots: request.shots.length, durationSeconds }));
      await rename(`${request.outputPath}.partial`, request.outputPath);
      await writeFile(request.subtitlesPath, request.shots.flatMap((shot) => shot.dialogue.map((line) => line.text)).join('\n'));
      return { outputPath: request.outputPath, subtitlesPath: request.subtitlesPath, durationSeconds, warnings: [] };
    },
  };
}

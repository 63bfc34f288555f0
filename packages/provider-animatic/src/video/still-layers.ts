import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { layersOfDrawing } from '../draw/render-image.js';
import type { ClipStill } from './clip-arguments.js';

/**
 * The still at `path` ready for the camera. The animatic's own drawing at the clip's size is taken
 * apart into its picture and its text, written under `folder`; any other still is used as it is.
 */
export async function clipStill(path: string, size: { width: number; height: number }, folder: string): Promise<ClipStill> {
  const layers = layersOfDrawing(new Uint8Array(await readFile(path)));
  if (!layers || layers.width !== size.width || layers.height !== size.height) return { picture: path };
  await mkdir(folder, { recursive: true });
  const picture = join(folder, 'picture.png');
  const text = join(folder, 'text.png');
  await writeFile(picture, layers.picture);
  await writeFile(text, layers.text);
  const labels = await Promise.all(
    layers.labels.map(async ({ image, ...box }, index) => {
      const file = join(folder, `label-${index + 1}.png`);
      await writeFile(file, image);
      return { image: file, ...box };
    }),
  );
  return { picture, text: { image: text, labels, captionTop: layers.captionTop } };
}

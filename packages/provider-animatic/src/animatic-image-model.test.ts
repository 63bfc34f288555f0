import { loadImage, createCanvas } from '@napi-rs/canvas';
import type { ImageModelV1CallOptions, ShotContext } from '@cinema/core';
import { describe, expect, it } from 'vitest';
import { createAnimatic } from './animatic-provider.js';

const artist = createAnimatic().imageModel();
const mara = { id: 'char_1', name: 'Mara', traits: ['young keeper', 'yellow raincoat'] };
const tomas = { id: 'char_2', name: 'Tomas', traits: ['grey-bearded'] };
const keyframe: ShotContext = {
  purpose: 'keyframe',
  sceneId: 'scene_1',
  shotId: 'shot_2',
  frame: 'first_frame',
  characters: [mara, tomas],
  location: 'Rocky Coast',
  timeOfDay: 'DUSK',
  camera: 'medium shot, slow push-in',
  caption: 'MARA, a young keeper in a yellow raincoat, hauls a crate of lamp oil up the path.',
};

async function draw(options: Partial<ImageModelV1CallOptions>): Promise<Uint8Array> {
  const result = await artist.doGenerate({ prompt: 'a storyboard frame', referenceImages: [], aspectRatio: '16:9', idempotencyKey: 'key', ...options });
  expect(result.costUsd).toBe(0);
  expect(result.images).toHaveLength(1);
  const image = result.images[0]!;
  expect(image.mediaType).toBe('image/png');
  return (image as { data: Uint8Array }).data;
}

async function pixels(png: Uint8Array) {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: context.getImageData(0, 0, image.width, image.height).data };
}

function differingPixels(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let count = 0;
  for (let index = 0; index < a.length; index += 4) {
    if (a[index] !== b[index] || a[index + 1] !== b[index + 1] || a[index + 2] !== b[index + 2]) count++;
  }
  return count;
}

describe('AnimaticImageModel', () => {
  it('draws PNGs at 1280x720, 720x720 and 720x1280, and at the size asked', async () => {
    for (const [aspectRatio, width, height] of [
      ['16:9', 1280, 720],
      ['1:1', 720, 720],
      ['9:16', 720, 1280],
    ] as const) {
      const image = await pixels(await draw({ aspectRatio, context: keyframe }));
      expect([image.width, image.height]).toEqual([width, height]);
    }
    const sized = await pixels(await draw({ size: { width: 640, height: 360 }, context: keyframe }));
    expect([sized.width, sized.height]).toEqual([640, 360]);
  });

  it('tells two characters apart on their sheets', async () => {
    const sheet = (character: typeof mara, view: 'front' | 'side' | 'full_body') =>
      draw({ aspectRatio: '1:1', context: { purpose: 'character', view, characters: [character], caption: character.name } });
    const first = await pixels(await sheet(mara, 'full_body'));
    const second = await pixels(await sheet(tomas, 'full_body'));
    expect(differingPixels(first.data, second.data)).toBeGreaterThan(first.width * first.height * 0.02);
    const front = await pixels(await sheet(mara, 'front'));
    const side = await pixels(await sheet(mara, 'side'));
    expect(differingPixels(front.data, side.data)).toBeGreaterThan(1000);
  });

  it('writes the caption in the band at the bottom', async () => {
    const withCaption = await pixels(await draw({ context: keyframe }));
    const withoutCaption = await pixels(await draw({ context: { ...keyframe, caption: ' ' } }));
    const band = (image: typeof withCaption) => {
      let bright = 0;
      for (let y = Math.floor(image.height * 0.8); y < image.height; y++) {
        for (let x = 0; x < image.width; x++) {
          const index = (y * image.width + x) * 4;
          if (image.data[index]! > 200 && image.data[index + 1]! > 200 && image.data[index + 2]! > 200) bright++;
        }
      }
      return bright;
    };
    expect(band(withoutCaption)).toBe(0);
    expect(band(withCaption)).toBeGreaterThan(2000);
  });

  it('moves the figures between the first and the last frame', async () => {
    const first = await pixels(await draw({ context: keyframe }));
    const last = await pixels(await draw({ context: { ...keyframe, frame: 'last_frame' } }));
    expect(differingPixels(first.data, last.data)).toBeGreaterThan(5000);
  });

  it('gives the same bytes for the same input, and survives text DejaVu cannot show', async () => {
    const options = { context: { ...keyframe, caption: '灯台の番人 Смотритель маяка حارس المنارة 🌊' } };
    const first = await draw(options);
    const second = await draw(options);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const noContext = await pixels(await draw({ prompt: 'A lighthouse at night over a stormy sea' }));
    expect(noContext.width).toBe(1280);
  });

  it('warns and falls back for an aspect ratio it cannot draw', async () => {
    const result = await artist.doGenerate({ prompt: 'x', referenceImages: [], aspectRatio: 'wide', idempotencyKey: 'key' });
    expect(result.warnings?.[0]).toMatchObject({ type: 'unsupported-setting', setting: 'aspectRatio' });
    expect((await pixels((result.images[0] as { data: Uint8Array }).data)).width).toBe(1280);
  });
});

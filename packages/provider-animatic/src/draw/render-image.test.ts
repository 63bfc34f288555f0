import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { ShotContext } from '@cinema/core';
import { describe, expect, it } from 'vitest';
import { readTextChunk, withTextChunk } from '../util/png-chunks.js';
import { recipeKeyword } from './drawing-recipe.js';
import { layersOfDrawing, renderImage, renderImageLayers, type ImageLayers } from './render-image.js';

const keyframe: ShotContext = {
  purpose: 'keyframe',
  sceneId: 'scene_3',
  shotId: 'shot_2',
  frame: 'transition_frame',
  characters: [
    { id: 'char_1', name: 'Mara', traits: ['yellow raincoat'] },
    { id: 'char_2', name: 'Tomas', traits: ['grey-bearded'] },
  ],
  location: 'Lamp Room',
  timeOfDay: 'NIGHT',
  camera: 'two-shot, static',
  caption: 'Mara pours the oil. Tomas strikes a match.',
};
const sheet: ShotContext = { purpose: 'character', view: 'full_body', characters: [keyframe.characters[0]!], caption: 'Mara' };

async function canvasOf(png: Uint8Array) {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  return canvas;
}

async function pixelsOf(png: Uint8Array): Promise<Uint8ClampedArray> {
  const canvas = await canvasOf(png);
  return canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
}

/** The layers laid over one another, as a clip that does not move lays them. */
async function stack(layers: ImageLayers): Promise<Uint8ClampedArray> {
  const canvas = createCanvas(layers.width, layers.height);
  const context = canvas.getContext('2d');
  context.drawImage(await loadImage(Buffer.from(layers.picture)), 0, 0);
  for (const label of layers.labels) context.drawImage(await loadImage(Buffer.from(label.image)), label.left, label.top);
  context.drawImage(await loadImage(Buffer.from(layers.text)), 0, 0);
  return context.getImageData(0, 0, layers.width, layers.height).data;
}

function largestDifference(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let largest = 0;
  for (let index = 0; index < a.length; index++) largest = Math.max(largest, Math.abs(a[index]! - b[index]!));
  return largest;
}

describe('renderImage layers', () => {
  for (const [name, context] of [
    ['a dimmed transition keyframe with name labels', keyframe],
    ['a character sheet', sheet],
  ] as const) {
    it(`stack back into the picture the user sees, for ${name}`, async () => {
      const options = { width: 640, height: 360, prompt: 'x', context };
      const layers = renderImageLayers(options);
      expect(layers.labels).toHaveLength(context.purpose === 'keyframe' ? 2 : 0);
      expect(largestDifference(await stack(layers), await pixelsOf(renderImage(options)))).toBeLessThanOrEqual(2);
    });
  }

  it('keep the text off the picture and the picture off the text', async () => {
    const layers = renderImageLayers({ width: 640, height: 360, prompt: 'x', context: keyframe });
    const picture = await pixelsOf(layers.picture);
    const text = await pixelsOf(layers.text);
    const whiteInBand = (pixels: Uint8ClampedArray) => {
      let count = 0;
      for (let index = layers.captionTop * 640 * 4; index < pixels.length; index += 4) {
        if (pixels[index + 3]! > 200 && pixels[index]! > 200 && pixels[index + 1]! > 200 && pixels[index + 2]! > 200) count++;
      }
      return count;
    };
    expect(whiteInBand(picture)).toBe(0);
    expect(whiteInBand(text)).toBeGreaterThan(300);
    // The middle of the frame is picture only: the text layer is see-through there.
    expect(text[(180 * 640 + 320) * 4 + 3]).toBe(0);
    expect(picture[(180 * 640 + 320) * 4 + 3]).toBe(255);
    expect(layers.captionTop).toBe(288);
    for (const label of layers.labels) expect(label.top + label.height).toBeLessThanOrEqual(layers.captionTop);
  });
});

describe('layersOfDrawing', () => {
  it('takes apart what renderImage drew, and nothing else', async () => {
    const options = { width: 320, height: 180, prompt: 'x', context: keyframe };
    const png = renderImage(options);
    expect(layersOfDrawing(png)).toEqual(renderImageLayers(options));

    // Another model's picture: no recipe.
    const canvas = await canvasOf(png);
    expect(layersOfDrawing(new Uint8Array(canvas.toBuffer('image/png')))).toBeUndefined();

    // The same recipe on a picture someone painted over: the redrawing does not match it.
    const context = canvas.getContext('2d');
    context.fillStyle = '#ff00ff';
    context.fillRect(100, 40, 60, 40);
    const edited = withTextChunk(new Uint8Array(canvas.toBuffer('image/png')), recipeKeyword, readTextChunk(png, recipeKeyword)!);
    expect(readTextChunk(edited, recipeKeyword)).toBe(readTextChunk(png, recipeKeyword));
    expect(layersOfDrawing(edited)).toBeUndefined();
  });
});

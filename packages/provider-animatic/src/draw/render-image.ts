import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { characterSheetDrawing } from './character-sheet-drawing.js';
import type { Drawing } from './drawing.js';
import { readRecipe, withRecipe, type DrawingRecipe } from './drawing-recipe.js';
import { ensureFonts } from './fonts.js';
import { keyframeDrawing } from './keyframe-drawing.js';

export type RenderImageOptions = DrawingRecipe;

/** A drawing taken apart: what the camera may move, and the text that must stay whole. */
export interface ImageLayers {
  width: number;
  height: number;
  /** PNG of the picture with no text on it. */
  picture: Uint8Array;
  /** PNG, transparent but for the slate and the caption band, at their place in the frame. */
  text: Uint8Array;
  /** Name labels as small transparent PNGs, each with the box it covers in the frame. */
  labels: { image: Uint8Array; left: number; top: number; width: number; height: number }[];
  /** Top edge of the caption band, in pixels. */
  captionTop: number;
}

/**
 * Draws a character sheet or a keyframe (the default when the context says neither) and encodes a
 * PNG that carries its recipe, so `layersOfDrawing` can take it apart again.
 */
export function renderImage(options: RenderImageOptions): Uint8Array {
  const drawing = drawingFor(options);
  const canvas = createCanvas(drawing.width, drawing.height);
  const context = canvas.getContext('2d');
  drawing.paintPicture(context);
  for (const label of drawing.labels) label.paint(context);
  if (drawing.shade) paintShade(context, drawing.shade, drawing.width, drawing.captionTop);
  drawing.paintText(context);
  return withRecipe(new Uint8Array(canvas.toBuffer('image/png')), options);
}

/** The same drawing as `renderImage`, in layers. */
export function renderImageLayers(options: RenderImageOptions): ImageLayers {
  const drawing = drawingFor(options);
  const { width, height, shade, captionTop } = drawing;
  const picture = createCanvas(width, height);
  const pictureContext = picture.getContext('2d');
  drawing.paintPicture(pictureContext);
  if (shade) paintShade(pictureContext, shade, width, captionTop);
  const labels = drawing.labels.map((label) => {
    // Whole pixels around the box, so the label lands on the same pixels as in the full drawing.
    const left = Math.floor(label.box.left) - 1;
    const top = Math.floor(label.box.top) - 1;
    const labelWidth = Math.ceil(label.box.left + label.box.width) + 1 - left;
    const labelHeight = Math.ceil(label.box.top + label.box.height) + 1 - top;
    const canvas = createCanvas(labelWidth, labelHeight);
    const context = canvas.getContext('2d');
    context.translate(-left, -top);
    label.paint(context);
    if (shade) {
      // Darken only what the label painted, as the shade darkens it in the full drawing.
      context.globalCompositeOperation = 'source-atop';
      paintShade(context, shade, left + labelWidth, top + labelHeight);
    }
    return { image: new Uint8Array(canvas.toBuffer('image/png')), left, top, width: labelWidth, height: labelHeight };
  });
  const text = createCanvas(width, height);
  drawing.paintText(text.getContext('2d'));
  return {
    width,
    height,
    picture: new Uint8Array(picture.toBuffer('image/png')),
    text: new Uint8Array(text.toBuffer('image/png')),
    labels,
    captionTop,
  };
}

/**
 * The layers of a PNG this module drew, redrawn from the recipe it carries; undefined for any other
 * PNG: another model's picture, or one changed since it was drawn (the redrawing would not match it).
 */
export function layersOfDrawing(png: Uint8Array): ImageLayers | undefined {
  const recipe = readRecipe(png);
  if (!recipe || recipe.width < 1 || recipe.height < 1 || recipe.width > 4096 || recipe.height > 4096) return undefined;
  if (!Buffer.from(renderImage(recipe)).equals(Buffer.from(png))) return undefined;
  return renderImageLayers(recipe);
}

function drawingFor(options: RenderImageOptions): Drawing {
  ensureFonts();
  return options.context?.purpose === 'character' ? characterSheetDrawing(options) : keyframeDrawing(options);
}

function paintShade(context: SKRSContext2D, colour: string, width: number, height: number): void {
  context.fillStyle = colour;
  context.fillRect(0, 0, width, height);
}

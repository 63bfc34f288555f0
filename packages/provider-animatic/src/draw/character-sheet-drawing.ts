import type { SKRSContext2D } from '@napi-rs/canvas';
import type { ShotContext } from '@cinema/core';
import { drawCaptionBand } from './caption-band.js';
import { drawFigure } from './draw-figure.js';
import type { Drawing } from './drawing.js';
import { characterLook } from './palette.js';

/** A character sheet: the figure on a grid (front: a portrait cropped by the band), its name, view and traits in the band. */
export function characterSheetDrawing({ width, height, context: shot, prompt }: { width: number; height: number; context?: ShotContext; prompt: string }): Drawing {
  const character = shot?.characters[0] ?? { id: 'char_0', name: shot?.caption ?? 'Character', traits: [] };
  const view = shot?.view ?? 'front';
  const bandHeight = Math.round(height * 0.16);
  const look = characterLook(character);
  const label = `${character.name} · ${view === 'full_body' ? 'full body' : view} view`;
  const detail = character.traits.length > 0 ? character.traits.join(', ') : prompt;
  return {
    width,
    height,
    captionTop: height - bandHeight,
    labels: [],
    paintPicture(context) {
      context.fillStyle = '#efece4';
      context.fillRect(0, 0, width, height);
      context.strokeStyle = 'rgba(0, 0, 0, 0.07)';
      context.lineWidth = 1;
      const grid = Math.round(Math.min(width, height) / 18);
      for (let x = grid; x < width; x += grid) line(context, x, 0, x, height);
      for (let y = grid; y < height; y += grid) line(context, 0, y, width, y);
      if (view === 'front') {
        // A portrait: head and shoulders, the figure drawn large and cropped by the caption band.
        const unit = Math.min(height * 0.15, width * 0.2);
        drawFigure(context, look, { x: width / 2, groundY: height * 0.3 + unit * 7.12, size: (unit * 8) / look.height, view: 'front' });
      } else {
        drawFigure(context, look, { x: width / 2, groundY: height - bandHeight - height * 0.04, size: (height - bandHeight) * 0.8, view: view === 'side' ? 'side' : 'front' });
      }
    },
    paintText(context) {
      drawCaptionBand(context, width, height, bandHeight, [label, detail]);
    },
  };
}

function line(context: SKRSContext2D, x1: number, y1: number, x2: number, y2: number): void {
  context.beginPath();
  context.moveTo(x1, y1);
  context.lineTo(x2, y2);
  context.stroke();
}

import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { ShotContext } from '@cinema/core';
import { createRandom } from '../util/hash.js';
import { drawCaptionBand } from './caption-band.js';
import { drawFigure, type FigurePose } from './draw-figure.js';
import { drawSet, setLook } from './draw-set.js';
import type { Drawing, PictureLabel } from './drawing.js';
import { boldFontFamily, fontFamily } from './fonts.js';
import { characterLook } from './palette.js';

/**
 * A keyframe: a set from the location and time of day, the characters as figures (shifted between
 * the first and the last frame, each named under their feet unless in close-up), the slate at the
 * top left and the caption band at the bottom.
 */
export function keyframeDrawing({ width, height, context: shot, prompt, seed }: { width: number; height: number; context?: ShotContext; prompt: string; seed?: number }): Drawing {
  const location = shot?.location ?? prompt;
  const look = setLook(location, shot?.timeOfDay ?? (/\bnight\b/i.test(prompt) ? 'NIGHT' : 'DAY'));
  const bandHeight = Math.round(height * (width >= height ? 0.2 : 0.16));
  const horizon = Math.round((height - bandHeight) * 0.62);
  const characters = shot?.characters ?? [];
  const camera = (shot?.camera ?? '').toLowerCase();
  const closeUp = /close-up|close up|closeup/.test(camera);
  const frame = shot?.frame ?? 'first_frame';
  const random = createRandom(`${shot?.sceneId ?? ''}|${shot?.shotId ?? ''}|${seed ?? ''}|${prompt}`);
  const drift = (random() < 0.5 ? -1 : 1) * width * 0.06;
  const shift = frame === 'first_frame' ? -drift / 2 : frame === 'last_frame' ? drift / 2 : 0;
  const groundY = height - bandHeight - (height - bandHeight - horizon) * 0.25;
  const scale = Math.min(width, height);
  const size = Math.min(height - bandHeight, scale) * 0.62;
  const figures = characters.map((character, index) => {
    const slot = (index + 1) / (characters.length + 1);
    const x = width * slot + shift * (index % 2 === 0 ? 1 : -1);
    const facingLeft = slot > 0.5;
    const view = characters.length > 1 ? ('side' as const) : ('front' as const);
    const figureLook = characterLook(character);
    let pose: FigurePose;
    if (closeUp) {
      // Head and shoulders: every head at the same height, whatever the character's size.
      const unit = Math.min((height - bandHeight) * 0.15, (width / characters.length) * 0.2);
      pose = { x, groundY: (height - bandHeight) * 0.32 + unit * 7.12, size: (unit * 8) / figureLook.height, view, facingLeft };
    } else {
      pose = { x, groundY, size, view, facingLeft };
    }
    return { name: character.name, look: figureLook, pose };
  });
  const slate = [shot?.sceneId, shot?.shotId, frame.replace('_', ' ')].filter(Boolean).join(' · ');
  return {
    width,
    height,
    captionTop: height - bandHeight,
    paintPicture(context) {
      drawSet(context, width, height, location, look, horizon);
      for (const figure of figures) drawFigure(context, figure.look, figure.pose);
    },
    labels: closeUp ? [] : figures.map((figure) => nameLabel(figure.name, figure.pose.x, groundY, scale)),
    ...(frame === 'transition_frame' ? { shade: 'rgba(0, 0, 0, 0.35)' } : {}),
    paintText(context) {
      context.font = `${Math.round(scale * 0.024)}px "${fontFamily}"`;
      context.textAlign = 'left';
      const slateWidth = context.measureText(slate).width + 20;
      context.fillStyle = 'rgba(0, 0, 0, 0.5)';
      context.fillRect(10, 10, slateWidth, scale * 0.045);
      context.fillStyle = '#ffffff';
      context.fillText(slate, 20, 10 + scale * 0.032);
      drawCaptionBand(context, width, height, bandHeight, [shot?.caption ?? prompt]);
    },
  };
}

let measuring: SKRSContext2D | undefined;

/** A character's name in a dark box under their feet. */
function nameLabel(name: string, x: number, groundY: number, scale: number): PictureLabel {
  const font = `${Math.round(scale * 0.026)}px "${boldFontFamily}"`;
  measuring ??= createCanvas(1, 1).getContext('2d');
  measuring.font = font;
  const labelWidth = measuring.measureText(name).width + 16;
  const box = { left: x - labelWidth / 2, top: groundY + scale * 0.012, width: labelWidth, height: scale * 0.038 };
  return {
    box,
    paint(context) {
      context.font = font;
      context.textAlign = 'center';
      context.fillStyle = 'rgba(0, 0, 0, 0.55)';
      context.fillRect(box.left, box.top, box.width, box.height);
      context.fillStyle = '#ffffff';
      context.fillText(name, x, groundY + scale * 0.04);
    },
  };
}

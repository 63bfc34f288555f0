import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { ShotContext } from '@cinema/core';
import { createRandom } from '../util/hash.js';
import { drawFigure } from './draw-figure.js';
import { drawSet, setLook } from './draw-set.js';
import { boldFontFamily, ensureFonts, fontFamily } from './fonts.js';
import { characterLook } from './palette.js';

export interface RenderImageOptions {
  width: number;
  height: number;
  /** Used as the caption and to pick the set when there is no context. */
  prompt: string;
  context?: ShotContext;
  seed?: number;
}

/** Draws a character sheet or a keyframe (the default when the context says neither) and encodes a PNG. */
export function renderImage(options: RenderImageOptions): Uint8Array {
  ensureFonts();
  const canvas = createCanvas(options.width, options.height);
  const context = canvas.getContext('2d');
  if (options.context?.purpose === 'character') drawCharacterSheet(context, options);
  else drawKeyframe(context, options);
  return new Uint8Array(canvas.toBuffer('image/png'));
}

function drawCharacterSheet(context: SKRSContext2D, { width, height, context: shot, prompt }: RenderImageOptions): void {
  const character = shot?.characters[0] ?? { id: 'char_0', name: shot?.caption ?? 'Character', traits: [] };
  const view = shot?.view ?? 'front';
  context.fillStyle = '#efece4';
  context.fillRect(0, 0, width, height);
  context.strokeStyle = 'rgba(0, 0, 0, 0.07)';
  context.lineWidth = 1;
  const grid = Math.round(Math.min(width, height) / 18);
  for (let x = grid; x < width; x += grid) line(context, x, 0, x, height);
  for (let y = grid; y < height; y += grid) line(context, 0, y, width, y);
  const bandHeight = Math.round(height * 0.16);
  const look = characterLook(character);
  if (view === 'front') {
    // A portrait: head and shoulders, the figure drawn large and cropped by the caption band.
    const unit = Math.min(height * 0.15, width * 0.2);
    drawFigure(context, look, { x: width / 2, groundY: height * 0.3 + unit * 7.12, size: (unit * 8) / look.height, view: 'front' });
  } else {
    drawFigure(context, look, { x: width / 2, groundY: height - bandHeight - height * 0.04, size: (height - bandHeight) * 0.8, view: view === 'side' ? 'side' : 'front' });
  }
  const label = `${character.name} · ${view === 'full_body' ? 'full body' : view} view`;
  const detail = character.traits.length > 0 ? character.traits.join(', ') : prompt;
  drawCaptionBand(context, width, height, bandHeight, [label, detail]);
}

function drawKeyframe(context: SKRSContext2D, { width, height, context: shot, prompt, seed }: RenderImageOptions): void {
  const location = shot?.location ?? prompt;
  const look = setLook(location, shot?.timeOfDay ?? (/\bnight\b/i.test(prompt) ? 'NIGHT' : 'DAY'));
  const bandHeight = Math.round(height * (width >= height ? 0.2 : 0.16));
  const horizon = Math.round((height - bandHeight) * 0.62);
  drawSet(context, width, height, location, look, horizon);

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
  characters.forEach((character, index) => {
    const slot = (index + 1) / (characters.length + 1);
    const x = width * slot + shift * (index % 2 === 0 ? 1 : -1);
    const facingLeft = slot > 0.5;
    const look = characterLook(character);
    if (closeUp) {
      // Head and shoulders: every head at the same height, whatever the character's size.
      const unit = Math.min((height - bandHeight) * 0.15, (width / characters.length) * 0.2);
      drawFigure(context, look, { x, groundY: (height - bandHeight) * 0.32 + unit * 7.12, size: (unit * 8) / look.height, view: characters.length > 1 ? 'side' : 'front', facingLeft });
    } else {
      drawFigure(context, look, { x, groundY, size, view: characters.length > 1 ? 'side' : 'front', facingLeft });
    }
    if (!closeUp) {
      context.font = `${Math.round(scale * 0.026)}px "${boldFontFamily}"`;
      context.textAlign = 'center';
      context.fillStyle = 'rgba(0, 0, 0, 0.55)';
      const labelWidth = context.measureText(character.name).width + 16;
      context.fillRect(x - labelWidth / 2, groundY + scale * 0.012, labelWidth, scale * 0.038);
      context.fillStyle = '#ffffff';
      context.fillText(character.name, x, groundY + scale * 0.04);
    }
  });
  if (frame === 'transition_frame') {
    context.fillStyle = 'rgba(0, 0, 0, 0.35)';
    context.fillRect(0, 0, width, height - bandHeight);
  }

  const slate = [shot?.sceneId, shot?.shotId, frame.replace('_', ' ')].filter(Boolean).join(' · ');
  context.font = `${Math.round(scale * 0.024)}px "${fontFamily}"`;
  context.textAlign = 'left';
  const slateWidth = context.measureText(slate).width + 20;
  context.fillStyle = 'rgba(0, 0, 0, 0.5)';
  context.fillRect(10, 10, slateWidth, scale * 0.045);
  context.fillStyle = '#ffffff';
  context.fillText(slate, 20, 10 + scale * 0.032);
  drawCaptionBand(context, width, height, bandHeight, [shot?.caption ?? prompt]);
}

/** A dark band at the bottom with the text wrapped to fit; the first entry is bold when there are two. */
function drawCaptionBand(context: SKRSContext2D, width: number, height: number, bandHeight: number, texts: string[]): void {
  context.fillStyle = 'rgba(12, 12, 16, 0.86)';
  context.fillRect(0, height - bandHeight, width, bandHeight);
  const fontSize = Math.round(Math.min(width, height) * 0.036);
  const lineHeight = fontSize * 1.3;
  const margin = Math.round(width * 0.035);
  const maxLines = Math.max(1, Math.floor((bandHeight - fontSize * 0.6) / lineHeight));
  const lines: { text: string; bold: boolean }[] = [];
  texts.forEach((text, index) => {
    const bold = texts.length > 1 && index === 0;
    context.font = `${fontSize}px "${bold ? boldFontFamily : fontFamily}"`;
    for (const wrapped of wrapText(context, text, width - margin * 2)) lines.push({ text: wrapped, bold });
  });
  const shown = lines.slice(0, maxLines);
  if (lines.length > maxLines && shown.length > 0) {
    const last = shown[shown.length - 1]!;
    context.font = `${fontSize}px "${last.bold ? boldFontFamily : fontFamily}"`;
    let text = last.text;
    while (text.length > 1 && context.measureText(`${text}…`).width > width - margin * 2) text = text.slice(0, -1);
    last.text = `${text.trimEnd()}…`;
  }
  const top = height - bandHeight + (bandHeight - shown.length * lineHeight) / 2 + fontSize;
  context.textAlign = 'left';
  shown.forEach((entry, index) => {
    context.font = `${fontSize}px "${entry.bold ? boldFontFamily : fontFamily}"`;
    context.fillStyle = entry.bold ? '#ffd76a' : '#ffffff';
    context.fillText(entry.text, margin, top + index * lineHeight);
  });
}

/** Greedy word wrap; a word wider than the line is cut by characters. */
export function wrapText(context: SKRSContext2D, text: string, maxWidth: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (context.measureText(candidate).width <= maxWidth) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = word;
    while (context.measureText(current).width > maxWidth && current.length > 1) {
      let cut = current.length - 1;
      while (cut > 1 && context.measureText(current.slice(0, cut)).width > maxWidth) cut--;
      lines.push(current.slice(0, cut));
      current = current.slice(cut);
    }
  }
  if (current) lines.push(current);
  return lines;
}

function line(context: SKRSContext2D, x1: number, y1: number, x2: number, y2: number): void {
  context.beginPath();
  context.moveTo(x1, y1);
  context.lineTo(x2, y2);
  context.stroke();
}

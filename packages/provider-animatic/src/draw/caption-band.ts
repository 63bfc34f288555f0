import type { SKRSContext2D } from '@napi-rs/canvas';
import { boldFontFamily, fontFamily } from './fonts.js';

/** A dark band at the bottom with the text wrapped to fit; the first entry is bold when there are two. */
export function drawCaptionBand(context: SKRSContext2D, width: number, height: number, bandHeight: number, texts: string[]): void {
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

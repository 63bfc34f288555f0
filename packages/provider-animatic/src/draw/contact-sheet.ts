import { createCanvas, type Image, loadImage, type SKRSContext2D } from '@napi-rs/canvas';
import { wrapText } from './caption-band.js';
import { boldFontFamily, ensureFonts, fontFamily } from './fonts.js';

/** One shot on a contact sheet. */
export interface ContactSheetShot {
  /** Shown bold at the top left of the shot's label, e.g. `scene_2:shot_1`. */
  shotId: string;
  /** What the shot shows (its description), wrapped to three lines at most. */
  caption: string;
  /** Shown at the top right of the label as given, already formatted: `$0.50`, `approved`. */
  price: string;
  /**
   * The shot's keyframes, PNG or JPEG bytes, drawn side by side in order. `undefined` stands for a
   * still not made yet and is drawn as an empty box, so the shot still has its place.
   */
  stills: readonly (Uint8Array | undefined)[];
}

export interface ContactSheetOptions {
  /** The heading above the shots, e.g. `scene_2  INT. LIGHTHOUSE STAIRWELL - NIGHT`. */
  title: string;
  /** The shots, left to right. */
  shots: readonly ContactSheetShot[];
  /**
   * Width of each shot's tile, in pixels. Default: `contactSheetLayout.tileWidth` (480): two 16:9
   * stills side by side are still big enough to judge a face.
   */
  tileWidth?: number;
}

/**
 * The sheet's fixed measures, in pixels. A sheet of `n` shots is
 * `2 × margin + n × tileWidth + (n − 1) × gap` wide, so a script can tell how many shots it holds.
 */
export const contactSheetLayout = { margin: 24, gap: 16, tileWidth: 480, headerHeight: 40, labelHeight: 96, stillGap: 4 } as const;

const { stillGap } = contactSheetLayout;
/** When no still of the sheet can be read, boxes have the shape of a 16:9 frame. */
const fallbackRatio = 9 / 16;

/**
 * Draws a contact sheet: the shots of one scene side by side, each with its keyframes and a label
 * (shot id, price, caption), as a PNG. A still that cannot be decoded is drawn as an empty box
 * marked so; the sheet is for looking before paying, and one bad file should not hide the others.
 */
export async function renderContactSheet(options: ContactSheetOptions): Promise<Uint8Array> {
  ensureFonts();
  const { margin, gap, headerHeight, labelHeight } = contactSheetLayout;
  const tileWidth = Math.round(options.tileWidth ?? contactSheetLayout.tileWidth);
  const shots = await Promise.all(options.shots.map(async (shot) => ({ ...shot, images: await Promise.all(shot.stills.map(decode)) })));
  const first = shots.flatMap((shot) => shot.images).find((image): image is Image => image !== undefined && image !== 'unreadable');
  const ratio = first ? first.height / first.width : fallbackRatio;
  // As tall as the largest still: a shot of two stills side by side needs half the height of one of one.
  const widestStill = shots.length === 0 ? tileWidth : Math.max(...shots.map((shot) => stillWidth(tileWidth, shot.images.length)));
  const pictureHeight = Math.round(widestStill * ratio);
  const count = Math.max(1, shots.length);
  const width = 2 * margin + count * tileWidth + (count - 1) * gap;
  const height = 2 * margin + headerHeight + pictureHeight + labelHeight;

  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#16161c';
  context.fillRect(0, 0, width, height);
  context.textBaseline = 'alphabetic';
  context.fillStyle = '#ffffff';
  context.font = `20px "${boldFontFamily}"`;
  context.fillText(fitText(context, options.title, width - 2 * margin), margin, margin + 22);

  shots.forEach((shot, index) => {
    const left = margin + index * (tileWidth + gap);
    const top = margin + headerHeight;
    context.fillStyle = '#22222a';
    context.fillRect(left, top, tileWidth, pictureHeight + labelHeight);
    drawStills(context, shot.images, left, top, tileWidth, pictureHeight, ratio);
    drawLabel(context, shot, left, top + pictureHeight, tileWidth);
  });
  return new Uint8Array(canvas.toBuffer('image/png'));
}

async function decode(bytes: Uint8Array | undefined): Promise<Image | 'unreadable' | undefined> {
  if (bytes === undefined) return undefined;
  try {
    return await loadImage(Buffer.from(bytes));
  } catch {
    return 'unreadable';
  }
}

/** How wide each of `count` stills side by side in a tile is drawn. */
function stillWidth(tileWidth: number, count: number): number {
  const stills = Math.max(1, count);
  return (tileWidth - (stills - 1) * stillGap) / stills;
}

/** The stills side by side, each fitted into an equal box and centred in the picture area. */
function drawStills(context: SKRSContext2D, images: readonly (Image | 'unreadable' | undefined)[], left: number, top: number, tileWidth: number, pictureHeight: number, ratio: number): void {
  const boxWidth = stillWidth(tileWidth, images.length);
  const boxHeight = Math.min(pictureHeight, boxWidth * ratio);
  const boxTop = top + (pictureHeight - boxHeight) / 2;
  images.forEach((image, index) => {
    const boxLeft = left + index * (boxWidth + stillGap);
    if (image === undefined || image === 'unreadable') {
      context.strokeStyle = '#5a5a66';
      context.lineWidth = 1;
      context.strokeRect(boxLeft + 0.5, boxTop + 0.5, boxWidth - 1, boxHeight - 1);
      context.fillStyle = '#8a8a96';
      context.font = `12px "${fontFamily}"`;
      context.textAlign = 'center';
      context.fillText(image === undefined ? 'not made yet' : 'cannot be read', boxLeft + boxWidth / 2, boxTop + boxHeight / 2 + 4);
      context.textAlign = 'left';
      return;
    }
    const scale = Math.min(boxWidth / image.width, boxHeight / image.height);
    const drawnWidth = image.width * scale;
    const drawnHeight = image.height * scale;
    context.drawImage(image, boxLeft + (boxWidth - drawnWidth) / 2, boxTop + (boxHeight - drawnHeight) / 2, drawnWidth, drawnHeight);
  });
}

function drawLabel(context: SKRSContext2D, shot: ContactSheetShot, left: number, top: number, tileWidth: number): void {
  const padding = 10;
  context.font = `15px "${boldFontFamily}"`;
  const priceWidth = context.measureText(shot.price).width;
  context.fillStyle = '#ffd76a';
  context.textAlign = 'right';
  context.fillText(shot.price, left + tileWidth - padding, top + 24);
  context.textAlign = 'left';
  context.fillStyle = '#ffffff';
  context.fillText(fitText(context, shot.shotId, tileWidth - 3 * padding - priceWidth), left + padding, top + 24);

  context.font = `13px "${fontFamily}"`;
  context.fillStyle = '#d0d0d8';
  const lines = wrapText(context, shot.caption, tileWidth - 2 * padding);
  const shown = lines.slice(0, 3);
  if (lines.length > shown.length) shown[2] = fitText(context, `${shown[2]!}…`, tileWidth - 2 * padding, true);
  shown.forEach((line, index) => context.fillText(line, left + padding, top + 46 + index * 17));
}

/** Cuts `text` with an ellipsis until it fits; `ellipsed` when it already ends with one. */
function fitText(context: SKRSContext2D, text: string, maxWidth: number, ellipsed = false): string {
  if (context.measureText(text).width <= maxWidth) return text;
  let body = ellipsed ? text.slice(0, -1) : text;
  while (body.length > 1 && context.measureText(`${body}…`).width > maxWidth) body = body.slice(0, -1);
  return `${body.trimEnd()}…`;
}

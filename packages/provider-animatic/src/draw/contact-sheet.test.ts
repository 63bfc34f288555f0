import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { contactSheetLayout, renderContactSheet } from './contact-sheet.js';

/** A flat-coloured PNG, so the test can find it again on the sheet. */
function swatch(colour: string, width = 320, height = 180): Uint8Array {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = colour;
  context.fillRect(0, 0, width, height);
  return new Uint8Array(canvas.toBuffer('image/png'));
}

async function pixelsOf(png: Uint8Array) {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  const data = canvas.getContext('2d').getImageData(0, 0, image.width, image.height).data;
  return { width: image.width, height: image.height, at: (x: number, y: number) => [...data.slice((Math.round(y) * image.width + Math.round(x)) * 4, (Math.round(y) * image.width + Math.round(x)) * 4 + 3)] };
}

const { margin, gap, tileWidth, headerHeight, labelHeight, stillGap } = contactSheetLayout;

describe('renderContactSheet', () => {
  it("lays the shots side by side with their stills where a user looks for them, and is as wide as its shots say", async () => {
    const sheet = await renderContactSheet({
      title: 'scene_2  INT. LIGHTHOUSE STAIRWELL - NIGHT',
      shots: [
        { shotId: 'scene_2:shot_1', caption: 'An iron staircase spirals upward.', price: '$0.50', stills: [swatch('#ff0000'), swatch('#0000ff')] },
        { shotId: 'scene_2:shot_2', caption: 'Tomas waits on a landing with a lantern. '.repeat(6), price: 'approved', stills: [undefined, new Uint8Array([1, 2, 3])] },
        { shotId: 'scene_2:shot_3', caption: 'Mara climbs.', price: '$0.25', stills: [swatch('#00ff00')] },
      ],
    });
    const pixels = await pixelsOf(sheet);
    const pictureHeight = Math.round(tileWidth * (180 / 320));
    expect(pixels.width).toBe(2 * margin + 3 * tileWidth + 2 * gap);
    expect(pixels.height).toBe(2 * margin + headerHeight + pictureHeight + labelHeight);

    const top = margin + headerHeight;
    const middle = top + pictureHeight / 2;
    // Shot 1: two stills in its tile, red then blue; shot 3: one green still across the tile.
    expect(pixels.at(margin + tileWidth * 0.25, middle)).toEqual([255, 0, 0]);
    expect(pixels.at(margin + tileWidth * 0.75, middle)).toEqual([0, 0, 255]);
    expect(pixels.at(margin + 2 * (tileWidth + gap) + tileWidth / 2, middle)).toEqual([0, 255, 0]);
    // Shot 2's stills are not there: its tile shows no colour of the others.
    const missing = pixels.at(margin + tileWidth + gap + tileWidth * 0.25, middle - 20);
    expect(Math.max(...missing) - Math.min(...missing)).toBeLessThan(12);
    // The price is drawn in yellow at the right of the label.
    const labelTop = top + pictureHeight;
    let yellow = 0;
    for (let x = margin + tileWidth - 60; x < margin + tileWidth - 10; x++) {
      for (let y = labelTop + 10; y < labelTop + 28; y++) {
        const [red, green, blue] = pixels.at(x, y);
        if (red! > 200 && green! > 170 && blue! < 150) yellow++;
      }
    }
    expect(yellow).toBeGreaterThan(20);
  });

  it('a sheet of one shot is one tile wide', async () => {
    const pixels = await pixelsOf(await renderContactSheet({ title: 'scene_1', shots: [{ shotId: 'scene_1:shot_1', caption: 'x', price: '$0.00', stills: [swatch('#ffffff')] }], tileWidth: 200 }));
    expect(pixels.width).toBe(2 * margin + 200);
    expect(pixels.height).toBe(2 * margin + headerHeight + Math.round(200 * (180 / 320)) + labelHeight);
  });

  it('is no taller than its largest still: shots of two stills side by side take half the height', async () => {
    const pair = { caption: 'x', price: '$0.00', stills: [swatch('#ffffff'), swatch('#000000')] };
    const pixels = await pixelsOf(await renderContactSheet({ title: 'scene_1', shots: [{ shotId: 'scene_1:shot_1', ...pair }, { shotId: 'scene_1:shot_2', ...pair }] }));
    expect(pixels.height).toBe(2 * margin + headerHeight + Math.round(((tileWidth - stillGap) / 2) * (180 / 320)) + labelHeight);
    expect(pixels.at(margin + tileWidth * 0.25, margin + headerHeight + 10)).toEqual([255, 255, 255]);
  });
});

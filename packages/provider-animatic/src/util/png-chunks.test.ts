import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { pngSize, readTextChunk, withTextChunk } from './png-chunks.js';

function smallPng(): Uint8Array {
  const canvas = createCanvas(20, 10);
  const context = canvas.getContext('2d');
  context.fillStyle = '#3366cc';
  context.fillRect(0, 0, 12, 10);
  return new Uint8Array(canvas.toBuffer('image/png'));
}

async function pixelsOf(png: Uint8Array): Promise<Uint8ClampedArray> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  return canvas.getContext('2d').getImageData(0, 0, image.width, image.height).data;
}

describe('PNG chunks', () => {
  it('keeps UTF-8 text in a PNG that still decodes to the same pixels', async () => {
    const png = smallPng();
    const text = JSON.stringify({ caption: 'Смотритель маяка 灯台 🌊' });
    const tagged = withTextChunk(png, 'cinema-animatic', text);
    expect(tagged.length).toBeGreaterThan(png.length);
    expect(readTextChunk(tagged, 'cinema-animatic')).toBe(text);
    expect(readTextChunk(tagged, 'other')).toBeUndefined();
    expect(readTextChunk(png, 'cinema-animatic')).toBeUndefined();
    expect(await pixelsOf(tagged)).toEqual(await pixelsOf(png));
    expect(pngSize(tagged)).toEqual({ width: 20, height: 10 });
  });

  it('reads no size or text from bytes that are not a PNG', () => {
    const notPng = new TextEncoder().encode('GIF89a and then some bytes that are long enough');
    expect(pngSize(notPng)).toBeUndefined();
    expect(readTextChunk(notPng, 'cinema-animatic')).toBeUndefined();
    expect(withTextChunk(notPng, 'cinema-animatic', 'x')).toBe(notPng);
  });
});

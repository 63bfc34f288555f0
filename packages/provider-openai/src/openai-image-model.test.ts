import { describe, expect, it } from 'vitest';
import { openaiCatalogue } from './openai-catalogue.js';
import { imageSizeFor, parseAspectRatio } from './openai-image-model.js';

const flexible = openaiCatalogue['gpt-image-2'].image;
const fixed = openaiCatalogue['gpt-image-1-mini'].image;

describe('imageSizeFor', () => {
  it('derives multiples of 16 near 1536×864 pixels for flexible models', () => {
    expect(imageSizeFor(flexible, { aspectRatio: '16:9' })).toMatchObject({ size: '1536x864', warnings: [] });
    expect(imageSizeFor(flexible, { aspectRatio: '9:16' })).toMatchObject({ size: '864x1536', warnings: [] });
    for (const ratio of ['4:3', '21:9', '2.39:1', '1:1']) {
      const { width, height } = imageSizeFor(flexible, { aspectRatio: ratio });
      expect(width % 16).toBe(0);
      expect(height % 16).toBe(0);
      expect(Math.abs(width / height - parseAspectRatio(ratio)!)).toBeLessThan(0.03);
    }
  });

  it('keeps explicit sizes within the model limits and says when it changed them', () => {
    expect(imageSizeFor(flexible, { aspectRatio: '16:9', size: { width: 1920, height: 1080 } })).toMatchObject({ size: '1920x1088' });
    const huge = imageSizeFor(flexible, { aspectRatio: '16:9', size: { width: 7680, height: 4320 } });
    expect(huge.width).toBeLessThanOrEqual(3840);
    expect(huge.width * huge.height).toBeLessThanOrEqual(3840 * 2160);
    expect(huge.warnings[0]?.setting).toBe('size');
  });

  it('picks the nearest fixed size and warns when the ratio differs', () => {
    expect(imageSizeFor(fixed, { aspectRatio: '1:1' })).toMatchObject({ size: '1024x1024', warnings: [] });
    expect(imageSizeFor(fixed, { aspectRatio: '3:2' })).toMatchObject({ size: '1536x1024', warnings: [] });
    const wide = imageSizeFor(fixed, { aspectRatio: '16:9' });
    expect(wide.size).toBe('1536x1024');
    expect(wide.warnings[0]?.message).toContain('Crop');
    expect(imageSizeFor(fixed, { aspectRatio: '9:16' }).size).toBe('1024x1536');
  });

  it('makes a square, with a warning, from a ratio it cannot read', () => {
    const result = imageSizeFor(fixed, { aspectRatio: 'widescreen' });
    expect(result.size).toBe('1024x1024');
    expect(result.warnings[0]?.setting).toBe('aspectRatio');
  });
});

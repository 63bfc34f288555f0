import { runProviderConformance } from '@cinema/core/testing';
import { describe, expect, it } from 'vitest';
import { createSwatch } from './swatch-provider.js';

// The whole provider contract, as every Cinema provider runs it.
runProviderConformance('swatch', { provider: createSwatch(), imageModelId: 'gradient', speechModelId: 'tone' });

describe('swatch', () => {
  it('gives the same picture for the same prompt and different ones for different prompts', async () => {
    const model = createSwatch().imageModel('swatch');
    const draw = (prompt: string) => model.doGenerate({ idempotencyKey: 'k', prompt, referenceImages: [], aspectRatio: '16:9' });
    const [a, b, c] = await Promise.all([draw('a harbour'), draw('a harbour'), draw('a desert')]);
    const bytes = (result: typeof a) => (result.images[0] as { data: Uint8Array }).data;
    expect(bytes(a)).toEqual(bytes(b));
    expect(bytes(a)).not.toEqual(bytes(c));
  });

  it('charges what it was told to, so budgets can be tried for free', async () => {
    const model = createSwatch({ costPerImageUsd: 0.04 }).imageModel();
    const result = await model.doGenerate({ idempotencyKey: 'k', prompt: 'x', referenceImages: [], aspectRatio: '1:1' });
    expect(result.costUsd).toBe(0.04);
    expect(model.estimateCost?.({ prompt: 'x', aspectRatio: '1:1', referenceImages: [] })).toBe(0.04);
  });

  it('refuses an aspect ratio it cannot draw, saying which it can', async () => {
    const model = createSwatch().imageModel();
    await expect(model.doGenerate({ idempotencyKey: 'k', prompt: 'x', referenceImages: [], aspectRatio: '4:3' })).rejects.toThrow('swatch draws 16:9, 1:1, 9:16 pictures, not "4:3".');
  });
});

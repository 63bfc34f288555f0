import { describe, expect, it } from 'vitest';
import { openaiCatalogue } from './openai-catalogue.js';
import { imageCost, openaiPrices, speechCost, textCost } from './openai-prices.js';

describe('openaiPrices', () => {
  it('is versioned, and every row names its source, the day it was read and a confidence', () => {
    expect(openaiPrices.version).toBe('2026-11-24');
    const rows = [...Object.values(openaiPrices.text), ...Object.values(openaiPrices.image), ...Object.values(openaiPrices.speech)];
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row.source.length).toBeGreaterThan(10);
      expect(row.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['official', 'secondary', 'derived']).toContain(row.confidence);
    }
  });

  it('prices every active text, image and speech model in the catalogue', () => {
    for (const [id, entry] of Object.entries(openaiCatalogue)) {
      if (entry.status === 'retired') continue;
      const table = entry.kind === 'text' ? openaiPrices.text : entry.kind === 'image' ? openaiPrices.image : openaiPrices.speech;
      expect(table[id], id).toBeDefined();
    }
  });

  it('computes costs from usage', () => {
    expect(textCost('gpt-5', { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBeCloseTo(11.25, 10);
    expect(textCost('gpt-5', { inputTokens: 1_000_000, cachedInputTokens: 1_000_000, outputTokens: 0 })).toBeCloseTo(0.125, 10);
    expect(textCost('gpt-4.1-mini', { inputTokens: 2000, outputTokens: 500 })).toBeCloseTo((2000 * 0.4 + 500 * 1.6) / 1e6, 12);
    expect(textCost('unknown-model', { inputTokens: 1, outputTokens: 1 })).toBeUndefined();
    // The reference's gpt-image-1-mini example: 50 input tokens (10 text, 40 image), 272 output tokens.
    expect(imageCost('gpt-image-1-mini', { textInputTokens: 10, imageInputTokens: 40, outputTokens: 272 })).toBeCloseTo((10 * 2 + 40 * 2.5 + 272 * 8) / 1e6, 12);
    expect(speechCost('tts-1-hd', { text: 'x'.repeat(1000) })).toBeCloseTo(0.03, 12);
    // gpt-4o-mini-tts: one minute of audio is about $0.015 plus the text.
    expect(speechCost('gpt-4o-mini-tts', { text: '', durationSeconds: 60 })).toBeCloseTo(0.015, 10);
  });
});

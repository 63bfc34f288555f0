import { describe, expect, it } from 'vitest';
import { createReplicate } from './replicate-provider.js';
import { findCatalogueEntry, replicateCatalogue } from './replicate-catalogue.js';
import type { ReplicateVideoCatalogueEntry } from './replicate-catalogue.js';
import { REPLICATE_PRICES_VERSION, findPriceRow, replicateHardwarePrices, replicatePrices } from './replicate-prices.js';

const provider = createReplicate({ apiToken: 'unused' });

describe('catalogue', () => {
  it('has a price for every catalogued model under its default input', () => {
    for (const entry of replicateCatalogue) {
      expect(findPriceRow(entry.id, entry.defaults), entry.id).toBeDefined();
    }
  });

  it('dates and sources every price row', () => {
    expect(REPLICATE_PRICES_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const row of [...replicatePrices, ...replicateHardwarePrices]) {
      expect(row.source.length).toBeGreaterThan(10);
      expect(row.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['official', 'secondary', 'unconfirmed']).toContain(row.confidence);
    }
  });

  it('declares first/last frame fields only for modes that need them', () => {
    for (const entry of replicateCatalogue.filter((item): item is ReplicateVideoCatalogueEntry => item.kind === 'video')) {
      expect(entry.modes.includes('first-last-frame'), entry.id).toBe(entry.lastFrameField != null);
      if (entry.modes.some((mode) => mode !== 'text-to-video')) expect(entry.firstFrameField, entry.id).toBeDefined();
      if (!entry.durationField) expect(entry.durations, entry.id).toHaveLength(1);
    }
  });

  it('finds entries with a version suffix and lets settings add models', () => {
    expect(findCatalogueEntry('kwaivgi/kling-v2.1:abc')?.id).toBe('kwaivgi/kling-v2.1');
    const custom = createReplicate({
      apiToken: 'unused',
      models: [{ ...(findCatalogueEntry('google/veo-3') as ReplicateVideoCatalogueEntry), id: 'google/veo-9', retired: { date: '2026-10-01', note: 'use veo-10' } }],
      prices: [{ model: 'google/veo-9', unit: 'video', usd: 2, source: 'test fixture price', retrieved: '2026-11-24', confidence: 'unconfirmed' }],
    });
    const model = custom.videoModel('google/veo-9');
    expect(model.capabilities?.durations).toEqual([8]);
    expect(model.estimateCost({ mode: 'text-to-video', durationSeconds: 8, aspectRatio: '16:9' })).toBe(2);
  });
});

describe('estimateCost', () => {
  it('prices a Kling first-last-frame clip at the pro rate and an image-to-video clip at the standard rate', () => {
    const kling = provider.videoModel('kwaivgi/kling-v2.1');
    expect(kling.estimateCost({ mode: 'first-last-frame', durationSeconds: 5, aspectRatio: '16:9' })).toBeCloseTo(0.45, 6);
    expect(kling.estimateCost({ mode: 'image-to-video', durationSeconds: 10, aspectRatio: '16:9' })).toBeCloseTo(0.5, 6);
    expect(kling.estimateCost({ mode: 'image-to-video', durationSeconds: 7, aspectRatio: '16:9' })).toBeCloseTo(0.5, 6);
  });

  it('prices the other models from the table', () => {
    expect(provider.videoModel('google/veo-3').estimateCost({ mode: 'text-to-video', durationSeconds: 5, aspectRatio: '16:9' })).toBeCloseTo(3.2, 6);
    expect(provider.videoModel('minimax/video-01').estimateCost({ mode: 'text-to-video', durationSeconds: 6, aspectRatio: '16:9' })).toBe(0.5);
    expect(provider.videoModel('bytedance/seedance-1-lite').estimateCost({ mode: 'text-to-video', durationSeconds: 5, aspectRatio: '16:9' })).toBeCloseTo(0.18, 6);
    expect(provider.imageModel('black-forest-labs/flux-kontext-pro').estimateCost({ prompt: 'x', aspectRatio: '1:1', referenceImages: [] })).toBe(0.04);
    expect(provider.speechModel('minimax/speech-02-hd').estimateCost({ text: 'x'.repeat(2000) })).toBeCloseTo(0.2, 6);
  });

  it('uses the resolution set in the model settings', () => {
    const model = provider.videoModel('bytedance/seedance-1-pro', { input: { resolution: '480p' } });
    expect(model.estimateCost({ mode: 'image-to-video', durationSeconds: 10, aspectRatio: '16:9' })).toBeCloseTo(0.3, 6);
  });
});

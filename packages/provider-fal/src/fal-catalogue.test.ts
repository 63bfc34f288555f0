import { describe, expect, it } from 'vitest';
import { falCatalogue, lookupFalEndpoint } from './fal-catalogue.js';
import { falPrices, priceFor } from './fal-prices.js';

describe('fal catalogue', () => {
  it('every video entry that makes first-last-frame clips names both frame fields', () => {
    for (const [endpointId, entry] of Object.entries(falCatalogue)) {
      if (entry.kind !== 'video') continue;
      if (entry.modes.includes('first-last-frame')) {
        expect({ endpointId, start: entry.startFrameField, end: entry.endFrameField }).toEqual({
          endpointId,
          start: expect.any(String),
          end: expect.any(String),
        });
      }
      if (entry.modes.includes('image-to-video')) expect(entry.startFrameField, endpointId).toBeDefined();
      for (const target of Object.values(entry.modeEndpoints ?? {})) expect(lookupFalEndpoint(target!, 'video'), target).toBeDefined();
      expect(entry.durations.length, endpointId).toBeGreaterThan(0);
    }
  });

  it('routes Kontext to a multi endpoint that takes image_urls', () => {
    for (const endpointId of ['fal-ai/flux-pro/kontext', 'fal-ai/flux-pro/kontext/max']) {
      const multi = lookupFalEndpoint(endpointId, 'image')?.multiReferenceEndpoint;
      expect(multi).toBe(`${endpointId}/multi`);
      expect(lookupFalEndpoint(multi!, 'image')?.referenceListField).toBe('image_urls');
    }
  });

  it('marks the Veo 3 endpoints that left fal as retired', () => {
    expect(falCatalogue['fal-ai/veo3']?.retired).toBe(true);
    expect(falCatalogue['fal-ai/veo3.1']?.retired).toBeUndefined();
  });

  it('kind mismatch is not a match', () => {
    expect(lookupFalEndpoint('fal-ai/flux/dev', 'video')).toBeUndefined();
  });
});

describe('fal prices', () => {
  it('every row has a source, a date and an endpoint the catalogue knows', () => {
    for (const [endpointId, row] of Object.entries(falPrices)) {
      expect(row.source.length, endpointId).toBeGreaterThan(5);
      expect(row.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(falCatalogue[endpointId], endpointId).toBeDefined();
    }
  });

  it('computes the published figures', () => {
    const row = (id: string) => falPrices[id]!;
    expect(priceFor(row('fal-ai/flux/dev'), { megapixels: [1024 * 1024 / 1e6, 0.5] })).toBeCloseTo(0.075, 6);
    expect(priceFor(row('fal-ai/veo3.1'), { seconds: 8, withAudio: true })).toBeCloseTo(3.2, 6);
    expect(priceFor(row('fal-ai/veo3.1'), { seconds: 8, withAudio: true, resolution: '4k' })).toBeCloseTo(4.8, 6);
    expect(priceFor(row('fal-ai/kling-video/v2.1/pro/image-to-video'), { seconds: 5 })).toBeCloseTo(0.49, 6);
    expect(priceFor(row('fal-ai/bytedance/seedance/v1/pro/fast/image-to-video'), { seconds: 5 })).toBeCloseTo(0.243, 3);
    expect(priceFor(row('fal-ai/flux-pro/kontext/max'), { images: 2 })).toBeCloseTo(0.16, 6);
  });
});

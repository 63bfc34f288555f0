import { resolveImageCapabilities, resolveVideoCapabilities } from '@cinema/core';
import { describe, expect, it } from 'vitest';
import { animatic, createAnimatic } from './animatic-provider.js';

describe('createAnimatic', () => {
  it('is a v1 provider named animatic with all four model kinds, free', () => {
    for (const provider of [animatic, createAnimatic({ cacheDir: '/tmp/animatic-test' })]) {
      expect(provider).toMatchObject({ specificationVersion: 'v1', name: 'animatic' });
      const models = [provider.textModel(), provider.imageModel(), provider.videoModel(), provider.speechModel()];
      expect(models.map((model) => [model.specificationVersion, model.provider, model.modelId])).toEqual([
        ['v1', 'animatic', 'writer'],
        ['v1', 'animatic', 'storyboard'],
        ['v1', 'animatic', 'ken-burns'],
        ['v1', 'animatic', 'espeak-ng'],
      ]);
      expect(models.map((model) => model.estimateCost())).toEqual([0, 0, 0, 0]);
    }
    expect(createAnimatic().imageModel('anything').modelId).toBe('anything');
  });

  it('declares capabilities core can resolve', () => {
    expect(resolveImageCapabilities(animatic.imageModel())).toEqual({ maxReferenceImages: 8, aspectRatios: ['16:9', '1:1', '9:16'], supportsSeed: true, requiresReferenceImage: false });
    expect(resolveVideoCapabilities(animatic.videoModel())).toMatchObject({ modes: ['text-to-video', 'image-to-video', 'first-last-frame'], aspectRatios: ['16:9', '1:1', '9:16'], generatesAudio: false });
  });
});

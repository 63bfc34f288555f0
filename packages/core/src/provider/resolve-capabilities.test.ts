import { describe, expect, it } from 'vitest';
import type { ImageModelV1, VideoModelV1 } from './v1/index.js';
import { resolveImageCapabilities, resolveVideoCapabilities } from './resolve-capabilities.js';

const image = (capabilities?: ImageModelV1['capabilities']): ImageModelV1 => ({
  specificationVersion: 'v1',
  provider: 'test',
  modelId: 'draw',
  capabilities,
  doGenerate: async () => ({ images: [], costUsd: 0 }),
});

const video = (capabilities?: VideoModelV1['capabilities']): VideoModelV1 => ({
  specificationVersion: 'v1',
  provider: 'test',
  modelId: 'film',
  capabilities,
  doStart: async () => ({ operation: null }),
  doStatus: async () => ({ status: 'pending' }),
});

describe('resolveImageCapabilities', () => {
  it('gives a model that declares nothing the defaults its spec documents', () => {
    expect(resolveImageCapabilities(image())).toEqual({ maxReferenceImages: 0, aspectRatios: ['16:9', '1:1', '9:16'], supportsSeed: false, requiresReferenceImage: false });
  });

  it('keeps what the model declares and fills in the rest', () => {
    expect(resolveImageCapabilities(image({ maxReferenceImages: 4, aspectRatios: ['1:1'] }))).toEqual({
      maxReferenceImages: 4,
      aspectRatios: ['1:1'],
      supportsSeed: false,
      requiresReferenceImage: false,
    });
  });
});

describe('resolveVideoCapabilities', () => {
  it('gives a model that declares nothing the defaults its spec documents', () => {
    expect(resolveVideoCapabilities(video())).toEqual({ modes: ['text-to-video'], durations: [5], aspectRatios: ['16:9'], maxReferenceImages: 0, generatesAudio: false });
  });

  it('keeps what the model declares and fills in the rest', () => {
    expect(resolveVideoCapabilities(video({ modes: ['image-to-video'], durations: [5, 10] }))).toEqual({
      modes: ['image-to-video'],
      durations: [5, 10],
      aspectRatios: ['16:9'],
      maxReferenceImages: 0,
      generatesAudio: false,
    });
  });
});

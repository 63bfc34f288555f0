import { runProviderConformance } from '@cinema/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createReplicate } from './replicate-provider.js';
import { createReplicateEmulator } from './testing/index.js';

// The provider contract through Replicate's predictions API: the official replicate client inside
// createReplicate talks to the local emulator as it would to api.replicate.com.
const apiToken = 'r8_conformance_token_0123456789';
const emulator = await createReplicateEmulator({ token: apiToken });
afterAll(() => emulator.close());
const provider = createReplicate({ apiToken, baseURL: emulator.baseURL, pollIntervalMs: 1, videoPollIntervalMs: 1 });

runProviderConformance('replicate', {
  provider,
  imageModelId: 'black-forest-labs/flux-schnell',
  videoModelId: 'kwaivgi/kling-v2.1',
  speechModelId: 'minimax/speech-02-hd',
  pollMs: 5,
});

// Kontext takes a reference image, so the suite also runs the reference path.
runProviderConformance('replicate Kontext', { provider, imageModelId: 'black-forest-labs/flux-kontext-pro', pollMs: 5 });

describe('replicate conformance: through the emulator', () => {
  it('created predictions for every model, uploaded the frames to /v1/files, and never leaked the token', () => {
    for (const model of ['black-forest-labs/flux-schnell', 'kwaivgi/kling-v2.1', 'minimax/speech-02-hd', 'black-forest-labs/flux-kontext-pro']) {
      expect(emulator.predictionsCreated(model), model).toBeGreaterThan(0);
    }
    expect(emulator.uploads.length).toBeGreaterThan(0);
    expect(emulator.requests.filter((request) => request.path.startsWith('/v1/')).every((request) => request.authorization === 'valid')).toBe(true);
    expect(emulator.requests.some((request) => request.containsToken)).toBe(false);
  });
});

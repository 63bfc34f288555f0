import { runProviderConformance } from '@cinema/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createFal } from './fal-provider.js';
import { createFalEmulator } from './testing/index.js';

// The provider contract through fal's queue protocol: @fal-ai/client inside createFal talks to the
// local emulator as it would to queue.fal.run and rest.fal.ai.
const apiKey = 'fal-conformance-key-0123456789';
const emulator = await createFalEmulator({ apiKey });
afterAll(() => emulator.close());
const provider = createFal({ apiKey, ...emulator.providerSettings, pollIntervalMs: 1 });

runProviderConformance('fal', {
  provider,
  imageModelId: 'fal-ai/flux/dev',
  videoModelId: 'fal-ai/kling-video/v2.1/pro/image-to-video',
  speechModelId: 'fal-ai/elevenlabs/tts/multilingual-v2',
  pollMs: 5,
});

// Kontext needs a reference image, so the suite takes the reference-only path.
runProviderConformance('fal Kontext', { provider, imageModelId: 'fal-ai/flux-pro/kontext', pollMs: 5 });

describe('fal conformance: through the emulator', () => {
  it('sent the work to fal, uploaded the references to fal storage, and sent the key only as the key', () => {
    for (const endpointId of ['fal-ai/flux/dev', 'fal-ai/kling-video/v2.1/pro/image-to-video', 'fal-ai/elevenlabs/tts/multilingual-v2', 'fal-ai/flux-pro/kontext']) {
      expect(emulator.submissions(endpointId), endpointId).toBeGreaterThan(0);
    }
    expect(emulator.uploads().length).toBeGreaterThan(0);
    expect(emulator.requests.filter((entry) => entry.route === 'file').every((entry) => entry.responseStatus === 200)).toBe(true);
    expect(JSON.stringify(emulator.requests)).not.toContain(apiKey);
  });
});

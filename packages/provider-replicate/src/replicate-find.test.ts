import type { VideoModelV1CallOptions } from '@cinema/core';
import { afterEach, describe, expect, it } from 'vitest';
import { emulatedProvider, pngFile } from './test-helpers.js';
import { createReplicateEmulator, type ReplicateEmulator } from './testing/replicate-emulator.js';

let emulator: ReplicateEmulator;
afterEach(async () => {
  await emulator.close();
});

const clip = (prompt: string): VideoModelV1CallOptions => ({
  mode: 'first-last-frame',
  prompt,
  durationSeconds: 5,
  aspectRatio: '16:9',
  referenceImages: [],
  firstFrame: pngFile('/shots/first.png', 1),
  lastFrame: pngFile('/shots/last.png', 2),
  idempotencyKey: 'cinema-abc',
});

const creates = () => emulator.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/predictions')).length;

describe('doFind: the crash window between Replicate accepting a prediction and Cinema recording it', () => {
  it('finds the prediction created for the same clip, though its frames were uploaded under other URLs', async () => {
    emulator = await createReplicateEmulator({ predictionsPerPage: 2 });
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('kwaivgi/kling-v2.1');
    const before = Date.now();
    const accepted = await model.doStart(clip('the keeper climbs the stairs'));
    // Later work on the account pushes ours to the second page of the list.
    await model.doStart(clip('gulls over the rocks'));
    await provider.videoModel('bytedance/seedance-1-pro').doStart({ ...clip('the keeper climbs the stairs'), mode: 'image-to-video', lastFrame: undefined });
    const createdBefore = creates();

    const found = await model.doFind!({ ...clip('the keeper climbs the stairs'), submittedAfter: before });

    expect(found?.operation).toEqual(accepted.operation);
    expect(creates()).toBe(createdBefore);
    expect(emulator.requests.filter((request) => request.method === 'GET' && request.path === '/v1/predictions').length).toBeGreaterThanOrEqual(1);
  });

  it('finds nothing for another prompt, another model, or work older than the job', async () => {
    emulator = await createReplicateEmulator();
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('kwaivgi/kling-v2.1');
    await model.doStart(clip('the keeper climbs the stairs'));
    expect(await model.doFind!({ ...clip('the keeper rests'), submittedAfter: Date.now() - 1000 })).toBeUndefined();
    expect(await provider.videoModel('kwaivgi/kling-v2.1-master').doFind!({ ...clip('the keeper climbs the stairs'), submittedAfter: Date.now() - 1000 })).toBeUndefined();
    expect(await model.doFind!({ ...clip('the keeper climbs the stairs'), submittedAfter: Date.now() + 60 * 60_000 })).toBeUndefined();
  });

  it('passes over a prediction that failed or was cancelled: that one has to be made again', async () => {
    emulator = await createReplicateEmulator();
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('kwaivgi/kling-v2.1');
    const accepted = await model.doStart(clip('the keeper climbs the stairs'));
    await model.doCancel!({ operation: accepted.operation });
    expect(await model.doFind!({ ...clip('the keeper climbs the stairs'), submittedAfter: Date.now() - 1000 })).toBeUndefined();
  });

  it('images and speech find their predictions too', async () => {
    emulator = await createReplicateEmulator();
    const { provider } = emulatedProvider(emulator);
    const image = provider.imageModel('black-forest-labs/flux-schnell');
    const imageCall = { prompt: 'a lighthouse at dusk', referenceImages: [], aspectRatio: '16:9', idempotencyKey: 'k1' };
    const imageStarted = await image.doStart!(imageCall);
    expect((await image.doFind!({ ...imageCall, submittedAfter: Date.now() - 1000 }))?.operation).toEqual(imageStarted.operation);
    const speech = provider.speechModel('minimax/speech-02-hd');
    const line = { text: 'Keep the light burning.', voice: 'Wise_Woman', idempotencyKey: 'k2' };
    const spoken = await speech.doStart!(line);
    expect((await speech.doFind!({ ...line, submittedAfter: Date.now() - 1000 }))?.operation).toEqual(spoken.operation);
    expect(await speech.doFind!({ ...line, text: 'Another line.', submittedAfter: Date.now() - 1000 })).toBeUndefined();
  });
});

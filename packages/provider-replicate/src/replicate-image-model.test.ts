import { CinemaError } from '@cinema/core';
import type { ImageModelV1CallOptions } from '@cinema/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catchError, emulatedProvider, pngFile } from './test-helpers.js';
import { createReplicateEmulator } from './testing/replicate-emulator.js';
import type { ReplicateEmulator } from './testing/replicate-emulator.js';

let emulator: ReplicateEmulator;
beforeEach(async () => {
  emulator = await createReplicateEmulator();
});
afterEach(async () => {
  await emulator.close();
});

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function callOptions(overrides: Partial<ImageModelV1CallOptions> = {}): ImageModelV1CallOptions {
  return { prompt: 'a red lighthouse at dusk', aspectRatio: '16:9', referenceImages: [], idempotencyKey: 'job-2', ...overrides };
}

describe('FLUX schnell', () => {
  it('doGenerate creates one prediction, polls it to the end and returns the PNG with its cost', async () => {
    const { provider, sleeps } = emulatedProvider(emulator);
    const model = provider.imageModel('black-forest-labs/flux-schnell');

    const result = await model.doGenerate(callOptions({ seed: 7 }));

    expect(emulator.predictionsCreated('black-forest-labs/flux-schnell')).toBe(1);
    expect(emulator.predictions[0]!.input).toEqual({ prompt: 'a red lighthouse at dusk', aspect_ratio: '16:9', seed: 7, num_outputs: 1, output_format: 'png' });
    expect(emulator.requests.map((request) => `${request.method} ${request.path.replace(/[0-9a-f]{20}$/, ':id')}`)).toEqual([
      'POST /v1/models/black-forest-labs/flux-schnell/predictions',
      'GET /v1/predictions/:id',
      'GET /v1/predictions/:id',
    ]);
    expect(sleeps).toEqual([1]); // one wait, after the processing poll
    expect(result.costUsd).toBeCloseTo(0.003, 6);
    expect(result.warnings).toBeUndefined();
    expect(result.images).toHaveLength(1);
    const image = result.images[0] as { mediaType: string; url: string };
    expect(image.mediaType).toBe('image/png');
    const bytes = new Uint8Array(await (await fetch(image.url)).arrayBuffer());
    expect([...bytes.subarray(0, 8)]).toEqual(pngSignature);
  });

  it('bills each image of a multi-image output', async () => {
    const { provider } = emulatedProvider(emulator);
    const model = provider.imageModel('black-forest-labs/flux-schnell', { input: { num_outputs: 3 } });
    const result = await model.doGenerate(callOptions());
    expect(result.images).toHaveLength(3);
    expect(result.costUsd).toBeCloseTo(0.009, 6);
    expect(model.estimateCost(callOptions())).toBeCloseTo(0.009, 6);
  });

  it('warns about settings it cannot honour instead of failing', async () => {
    const { provider } = emulatedProvider(emulator);
    const result = await provider
      .imageModel('black-forest-labs/flux-schnell')
      .doGenerate(callOptions({ aspectRatio: '7:3', negativePrompt: 'fog', referenceImages: [pngFile('c.png', 1)] }));
    expect(result.warnings?.map((warning) => warning.setting)).toEqual(['aspectRatio', 'negativePrompt', 'referenceImages']);
    expect(emulator.uploads).toHaveLength(0);
    expect(emulator.predictions[0]!.input).not.toHaveProperty('aspect_ratio');
  });

  it('throws content_policy, not retryable, when the output is flagged', async () => {
    emulator.behave('black-forest-labs/flux-schnell', { outcome: 'failed', error: 'NSFW content detected in output. Try a different prompt.' });
    const { provider } = emulatedProvider(emulator);
    const error = await catchError(provider.imageModel('black-forest-labs/flux-schnell').doGenerate(callOptions()));
    expect(CinemaError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ category: 'content_policy', isRetryable: false });
    expect((error as Error).message).toContain('NSFW content detected');
    expect(emulator.predictionsCreated()).toBe(1);
  });

  it('keeps polling through a 503 instead of starting a second prediction', async () => {
    emulator.script({ method: 'GET', path: /^\/v1\/predictions\// }, { status: 503, body: { detail: 'busy' } });
    const { provider } = emulatedProvider(emulator);
    const result = await provider.imageModel('black-forest-labs/flux-schnell').doGenerate(callOptions());
    expect(result.images).toHaveLength(1);
    expect(emulator.predictionsCreated()).toBe(1);
    expect(emulator.requests.filter((request) => request.status === 503)).toHaveLength(1);
  });

  it('cancels the prediction when the call is aborted', async () => {
    emulator.behave('black-forest-labs/flux-schnell', { pendingStatuses: ['starting', 'processing', 'processing', 'processing'] });
    const controller = new AbortController();
    const { provider } = emulatedProvider(emulator, {
      sleep: async () => {
        controller.abort(new Error('job lease lost'));
      },
    });
    const error = await catchError(provider.imageModel('black-forest-labs/flux-schnell').doGenerate(callOptions({ abortSignal: controller.signal })));
    expect(error).toMatchObject({ category: 'cancelled' });
    expect(emulator.requests.some((request) => request.path.endsWith('/cancel'))).toBe(true);
    expect(emulator.predictions[0]!.canceled).toBe(true);
  });
});

describe('FLUX Kontext', () => {
  it('uploads the reference image and sends it as input_image', async () => {
    const { provider } = emulatedProvider(emulator);
    const model = provider.imageModel('black-forest-labs/flux-kontext-pro');
    expect(model.capabilities).toMatchObject({ maxReferenceImages: 1, supportsSeed: true });
    const reference = pngFile('/characters/ada-front.png', 5);

    const started = await model.doStart(callOptions({ referenceImages: [reference] }));
    const status = await model.doStatus({ operation: started.operation });
    const done = await model.doStatus({ operation: started.operation });

    const input = emulator.predictions[0]!.input;
    expect(emulator.upload(input.input_image as string)?.bytes).toEqual(reference.data);
    expect(emulator.upload(input.input_image as string)?.contentType).toBe('image/png');
    expect(input).toMatchObject({ prompt: 'a red lighthouse at dusk', aspect_ratio: '16:9', output_format: 'png' });
    expect(status.status).toBe('pending');
    expect(done).toMatchObject({ status: 'completed', result: { costUsd: 0.04 } });
  });

  it('a restarted run re-attaches to the stored operation without creating a new prediction', async () => {
    const first = emulatedProvider(emulator).provider.imageModel('black-forest-labs/flux-kontext-pro');
    const started = await first.doStart(callOptions());
    const stored = JSON.parse(JSON.stringify(started.operation));

    const second = emulatedProvider(emulator).provider.imageModel('black-forest-labs/flux-kontext-pro');
    let status = await second.doStatus({ operation: stored });
    while (status.status === 'pending') status = await second.doStatus({ operation: stored });
    expect(status.status).toBe('completed');
    expect(emulator.predictionsCreated()).toBe(1);
  });
});

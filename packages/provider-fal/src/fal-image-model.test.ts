import { createHash } from 'node:crypto';
import { UnsupportedFunctionalityError, type InputFile } from '@cinema/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFal } from './fal-provider.js';
import { createFalEmulator, createPng, type FalEmulator } from './testing/index.js';

const apiKey = 'image-test-key-abcdef123456';
let emulator: FalEmulator;
beforeAll(async () => {
  emulator = await createFalEmulator({ apiKey });
});
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

const provider = () => createFal({ apiKey, ...emulator.providerSettings, pollIntervalMs: 1 });

function reference(name: string, width: number): InputFile {
  return { path: `/project/characters/${name}.png`, mediaType: 'image/png', data: createPng(width, 20), label: name };
}

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

const base = { idempotencyKey: 'job-1', aspectRatio: '16:9', referenceImages: [] as InputFile[] };

describe('fal image models', () => {
  it('FLUX dev: start, status pending twice, then completed with the image URL and its cost', async () => {
    const model = provider().imageModel('fal-ai/flux/dev');
    const started = await model.doStart({ ...base, prompt: 'a lighthouse at dusk', seed: 7 });
    expect(started.operation).toEqual({ endpointId: 'fal-ai/flux/dev', requestId: expect.any(String) });
    expect(started.warnings).toEqual([]);
    expect(emulator.submittedInputs('fal-ai/flux/dev')).toEqual([
      { prompt: 'a lighthouse at dusk', image_size: 'landscape_16_9', seed: 7, num_images: 1, output_format: 'png' },
    ]);

    const first = await model.doStatus({ operation: started.operation });
    const second = await model.doStatus({ operation: started.operation });
    expect(first).toMatchObject({ status: 'pending', progress: 0 });
    expect(second).toMatchObject({ status: 'pending' });
    const done = await model.doStatus({ operation: started.operation });
    if (done.status !== 'completed') throw new Error(`expected completed, got ${JSON.stringify(done)}`);
    const image = done.result.images[0]!;
    expect(image).toMatchObject({ mediaType: 'image/png', url: expect.stringContaining('/cdn/files/') });
    const bytes = new Uint8Array(await (await fetch((image as { url: string }).url)).arrayBuffer());
    expect((image as { expectedBytes?: number }).expectedBytes).toBe(bytes.length);
    // 64x36 is rounded up to one megapixel at $0.025.
    expect(done.result.costUsd).toBe(0.025);
    expect(model.estimateCost({ prompt: 'x', aspectRatio: '16:9', referenceImages: [] })).toBe(0.025);
    expect(emulator.submissions('fal-ai/flux/dev')).toBe(1);
  });

  it('FLUX dev: an explicit size is sent as {width, height}', async () => {
    const result = await provider().imageModel('fal-ai/flux/dev').doGenerate({ ...base, prompt: 'x', size: { width: 1280, height: 720 } });
    expect(emulator.submittedInputs('fal-ai/flux/dev')[0]).toMatchObject({ image_size: { width: 1280, height: 720 } });
    expect(result.images).toHaveLength(1);
  });

  it('Kontext: uploads the reference through fal storage and sends its URL as image_url', async () => {
    const model = provider().imageModel('fal-ai/flux-pro/kontext');
    const hero = reference('hero', 30);
    const result = await model.doGenerate({ ...base, prompt: 'the hero, side view', referenceImages: [hero], aspectRatio: '3:2' });
    const uploads = emulator.uploads();
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ fileName: 'hero.png', contentType: 'image/png', sha256: sha(hero.data) });
    expect(emulator.submittedInputs('fal-ai/flux-pro/kontext')).toEqual([
      { prompt: 'the hero, side view', image_url: uploads[0]!.fileUrl, aspect_ratio: '3:2', num_images: 1, output_format: 'png' },
    ]);
    expect(result.costUsd).toBe(0.04);
    expect(model.capabilities.maxReferenceImages).toBe(4);
  });

  it('Kontext with several references goes to the multi endpoint with image_urls, in order, uploading each file once', async () => {
    const fal = provider();
    const model = fal.imageModel('fal-ai/flux-pro/kontext');
    const references = [reference('hero', 30), reference('villain', 31), reference('dog', 32)];
    await model.doGenerate({ ...base, prompt: 'all three at a table', referenceImages: references });
    await model.doGenerate({ ...base, prompt: 'again', referenceImages: references });
    expect(emulator.submissions('fal-ai/flux-pro/kontext')).toBe(0);
    expect(emulator.submissions('fal-ai/flux-pro/kontext/multi')).toBe(2);
    const uploads = emulator.uploads();
    // Uploaded concurrently, so compared as a set; once each although the references were sent twice.
    expect(uploads.map((upload) => upload.sha256).sort()).toEqual(references.map((file) => sha(file.data)).sort());
    const [first, second] = emulator.submittedInputs('fal-ai/flux-pro/kontext/multi');
    const byHash = new Map(uploads.map((upload) => [upload.sha256, upload.fileUrl]));
    expect(first!.image_urls).toEqual(references.map((file) => byHash.get(sha(file.data))));
    expect(second!.image_urls).toEqual(first!.image_urls);
    expect(first).not.toHaveProperty('image_url');
  });

  it('Kontext without any reference image is refused before anything is sent', async () => {
    await expect(provider().imageModel('fal-ai/flux-pro/kontext').doStart({ ...base, prompt: 'x' })).rejects.toSatisfy(
      (error: unknown) => UnsupportedFunctionalityError.isInstance(error) && /needs at least one/.test((error as Error).message),
    );
    expect(emulator.requests).toHaveLength(0);
  });

  it('FLUX dev ignores reference images with a warning', async () => {
    const result = await provider()
      .imageModel('fal-ai/flux/dev')
      .doGenerate({ ...base, prompt: 'x', referenceImages: [reference('hero', 30)] });
    expect(result.warnings?.[0]).toMatchObject({ type: 'unsupported-setting', setting: 'referenceImages' });
    expect(emulator.uploads()).toHaveLength(0);
  });

  it('an image fal blanked as NSFW is a content_policy failure, not retryable', async () => {
    emulator.configure('fal-ai/flux/dev', {
      statuses: ['COMPLETED'],
      output: (_input: Record<string, unknown>, files: { image: string }) => ({
        images: [{ url: files.image, width: 64, height: 36, content_type: 'image/png' }],
        has_nsfw_concepts: [true],
      }),
    });
    const model = provider().imageModel('fal-ai/flux/dev');
    const started = await model.doStart({ ...base, prompt: 'x' });
    const status = await model.doStatus({ operation: started.operation });
    expect(status).toMatchObject({ status: 'failed', category: 'content_policy', isRetryable: false });
  });

  it('an unknown image endpoint works with a warning and generic field names', async () => {
    const model = provider().imageModel('fal-ai/some-new-model/v9');
    const result = await model.doGenerate({ ...base, prompt: 'x', referenceImages: [reference('hero', 30)] });
    expect(result.warnings?.some((warning) => /not in Cinema's fal catalogue/.test(warning.message))).toBe(true);
    expect(emulator.submittedInputs('fal-ai/some-new-model/v9')[0]).toEqual({
      prompt: 'x',
      aspect_ratio: '16:9',
      image_url: emulator.uploads()[0]!.fileUrl,
    });
    expect(result.images).toHaveLength(1);
    expect(result.costUsd).toBe(0);
  });
});

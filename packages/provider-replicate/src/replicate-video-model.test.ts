import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFfmpeg } from '@cinema/postprod-ffmpeg';
import { CinemaError, UnsupportedFunctionalityError } from '@cinema/core';
import type { JsonValue, VideoModelV1CallOptions, VideoModelV1Result } from '@cinema/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catchError, emulatedProvider, pngFile } from './test-helpers.js';
import { createReplicateEmulator } from './testing/replicate-emulator.js';
import type { ReplicateEmulator } from './testing/replicate-emulator.js';

const run = promisify(execFile);
/** ffprobe as users get it: FFPROBE_PATH, PATH, else the npm-shipped binary. */
const ffprobePath = async () => (await findFfmpeg()).ffprobePath;

let emulator: ReplicateEmulator;
beforeEach(async () => {
  emulator = await createReplicateEmulator();
});
afterEach(async () => {
  await emulator.close();
});

function callOptions(overrides: Partial<VideoModelV1CallOptions> = {}): VideoModelV1CallOptions {
  return {
    mode: 'image-to-video',
    prompt: 'a lighthouse keeper climbs the stairs',
    durationSeconds: 5,
    aspectRatio: '16:9',
    referenceImages: [],
    idempotencyKey: 'job-1',
    ...overrides,
  };
}

/** Polls like the orchestrator: until the status is no longer pending. */
async function pollToEnd(model: { doStatus(options: { operation: JsonValue }): Promise<unknown> }, operation: JsonValue) {
  const statuses: string[] = [];
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const status = (await model.doStatus({ operation })) as { status: string; result?: VideoModelV1Result; message?: string; category?: string; isRetryable?: boolean };
    statuses.push(status.status);
    if (status.status !== 'pending') return { status, statuses };
  }
  throw new Error('never finished');
}

describe('Kling 2.1 (start and end image)', () => {
  it('uploads both frames through /v1/files and sends them as start_image and end_image with mode pro', async () => {
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('kwaivgi/kling-v2.1');
    const first = pngFile('/shots/s1-first.png', 1);
    const last = pngFile('/shots/s1-last.png', 2);

    const started = await model.doStart(callOptions({ mode: 'first-last-frame', firstFrame: first, lastFrame: last }));

    expect(started.operation).toEqual({ predictionId: expect.any(String), model: 'kwaivgi/kling-v2.1' });
    expect(emulator.uploads).toHaveLength(2);
    const prediction = emulator.prediction((started.operation as { predictionId: string }).predictionId)!;
    expect(prediction.input).toMatchObject({ prompt: 'a lighthouse keeper climbs the stairs', mode: 'pro', duration: 5 });
    expect(emulator.upload(prediction.input.start_image as string)?.bytes).toEqual(first.data);
    expect(emulator.upload(prediction.input.end_image as string)?.bytes).toEqual(last.data);
    expect(emulator.upload(prediction.input.start_image as string)?.filename).toBe('s1-first.png');
    expect(prediction.input).not.toHaveProperty('aspect_ratio');
    expect(emulator.predictionsCreated('kwaivgi/kling-v2.1')).toBe(1);
    const create = emulator.requests.find((request) => request.method === 'POST' && request.path.endsWith('/predictions'))!;
    expect(create.path).toBe('/v1/models/kwaivgi/kling-v2.1/predictions');
  });

  it('polls starting → processing → succeeded and returns the MP4 with its cost', async () => {
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('kwaivgi/kling-v2.1');
    const started = await model.doStart(callOptions({ mode: 'first-last-frame', firstFrame: pngFile('a.png', 1), lastFrame: pngFile('b.png', 2) }));

    const { status, statuses } = await pollToEnd(model, JSON.parse(JSON.stringify(started.operation)));

    expect(statuses).toEqual(['pending', 'completed']);
    expect(status.result!.costUsd).toBeCloseTo(0.45, 6); // 5 s × $0.09 (pro)
    const video = status.result!.video as { mediaType: string; url: string; headers?: unknown };
    expect(video.mediaType).toBe('video/mp4');
    expect(video.headers).toBeUndefined();
    const gets = emulator.requests.filter((request) => request.method === 'GET' && request.path.startsWith('/v1/predictions/'));
    expect(gets).toHaveLength(2);

    const response = await fetch(video.url);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const directory = await mkdtemp(join(tmpdir(), 'replicate-video-'));
    try {
      await writeFile(join(directory, 'clip.mp4'), bytes);
      const probe = await run(await ffprobePath(), ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', join(directory, 'clip.mp4')]);
      const parsed = JSON.parse(probe.stdout) as { format: { duration: string }; streams: { codec_name: string }[] };
      expect(Number(parsed.format.duration)).toBeCloseTo(1, 1);
      expect(parsed.streams[0]?.codec_name).toBe('h264');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('reports progress from the tqdm lines in the logs while processing', async () => {
    emulator.behave('kwaivgi/kling-v2.1', { logs: 'Generating...\n 12%|█▏        | 6/50\n 45%|████▌     | 22/50' });
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('kwaivgi/kling-v2.1');
    const started = await model.doStart(callOptions({ firstFrame: pngFile('a.png', 1) }));
    expect(await model.doStatus({ operation: started.operation })).toEqual({ status: 'pending', pollAfterMs: 5000, progress: 0.45 });
  });

  it('rounds a 4 s shot up to the 5 s clip Kling makes, with a warning', async () => {
    const { provider } = emulatedProvider(emulator);
    const started = await provider.videoModel('kwaivgi/kling-v2.1').doStart(callOptions({ durationSeconds: 4, firstFrame: pngFile('a.png', 1) }));
    const prediction = emulator.predictions[0]!;
    expect(prediction.input).toMatchObject({ duration: 5, mode: 'standard' });
    expect(prediction.input).not.toHaveProperty('end_image');
    expect(started.warnings).toEqual([expect.objectContaining({ type: 'unsupported-setting', setting: 'durationSeconds' })]);
  });

  it('refuses text-to-video before creating anything, since Kling needs a start image', async () => {
    const { provider } = emulatedProvider(emulator);
    const error = await catchError(provider.videoModel('kwaivgi/kling-v2.1').doStart(callOptions({ mode: 'text-to-video' })));
    expect(error).toBeInstanceOf(UnsupportedFunctionalityError);
    expect((error as Error).message).toMatch(/first frame/);
    expect(emulator.requests).toHaveLength(0);
  });

  it('cancels a running prediction with doCancel', async () => {
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('kwaivgi/kling-v2.1');
    const started = await model.doStart(callOptions({ firstFrame: pngFile('a.png', 1) }));
    await model.doCancel(started);
    const status = await model.doStatus({ operation: started.operation });
    expect(status).toMatchObject({ status: 'failed', isRetryable: false });
    expect((status as { message: string }).message).toMatch(/canceled/);
    expect(emulator.requests.some((request) => request.method === 'POST' && request.path.endsWith('/cancel'))).toBe(true);
  });
});

describe('Seedance (last frame)', () => {
  it('sends the first frame as image and the last frame as last_frame_image', async () => {
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('bytedance/seedance-1-pro');
    const first = pngFile('first.png', 3);
    const last = pngFile('last.png', 4);
    const started = await model.doStart(callOptions({ mode: 'first-last-frame', durationSeconds: 7, aspectRatio: '9:16', seed: 42, firstFrame: first, lastFrame: last }));

    const input = emulator.predictions[0]!.input;
    expect(input).toMatchObject({ duration: 7, aspect_ratio: '9:16', seed: 42, resolution: '1080p' });
    expect(emulator.upload(input.image as string)?.bytes).toEqual(first.data);
    expect(emulator.upload(input.last_frame_image as string)?.bytes).toEqual(last.data);
    expect(started.warnings).toBeUndefined();

    const { status } = await pollToEnd(model, started.operation);
    expect(status.result!.costUsd).toBeCloseTo(7 * 0.15, 6);
  });

  it('makes text-to-video without uploads', async () => {
    const { provider } = emulatedProvider(emulator);
    await provider.videoModel('bytedance/seedance-1-lite').doStart(callOptions({ mode: 'text-to-video' }));
    expect(emulator.uploads).toHaveLength(0);
    expect(emulator.predictions[0]!.input).toEqual({ prompt: 'a lighthouse keeper climbs the stairs', duration: 5, aspect_ratio: '16:9', resolution: '720p' });
  });
});

describe('Veo 3 and MiniMax', () => {
  it('Veo 3 takes image and aspect_ratio, makes 8 s clips, and warns that it cannot end on a frame', async () => {
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('google/veo-3');
    expect(model.capabilities).toMatchObject({ durations: [8], generatesAudio: true });
    const started = await model.doStart(callOptions({ durationSeconds: 8, aspectRatio: '9:16', firstFrame: pngFile('a.png', 1), lastFrame: pngFile('b.png', 2) }));
    const input = emulator.predictions[0]!.input;
    expect(Object.keys(input).sort()).toEqual(['aspect_ratio', 'image', 'prompt']);
    expect(emulator.uploads).toHaveLength(1);
    expect(started.warnings).toEqual([expect.objectContaining({ setting: 'lastFrame' })]);
  });

  it('MiniMax video-01 takes first_frame_image and one subject_reference', async () => {
    const { provider } = emulatedProvider(emulator);
    const character = pngFile('char.png', 9);
    const started = await provider
      .videoModel('minimax/video-01')
      .doStart(callOptions({ durationSeconds: 6, firstFrame: pngFile('a.png', 1), referenceImages: [character, pngFile('other.png', 8)] }));
    const input = emulator.predictions[0]!.input;
    expect(emulator.upload(input.subject_reference as string)?.bytes).toEqual(character.data);
    expect(emulator.upload(input.first_frame_image as string)).toBeDefined();
    expect(input.prompt_optimizer).toBe(true);
    expect(started.warnings).toEqual([expect.objectContaining({ setting: 'referenceImages' })]);
  });
});

describe('failures', () => {
  it('maps a content-policy failure to category content_policy, not retryable, with the reason', async () => {
    emulator.behave('bytedance/seedance-1-pro', {
      outcome: 'failed',
      error: 'The input or output was flagged as sensitive. Please try again with different inputs. (E005)',
    });
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('bytedance/seedance-1-pro');
    const started = await model.doStart(callOptions({ firstFrame: pngFile('a.png', 1) }));
    const { status } = await pollToEnd(model, started.operation);
    expect(status).toMatchObject({ status: 'failed', category: 'content_policy', isRetryable: false });
    expect(status.message).toContain('flagged as sensitive');
  });

  it('reports another model failure with the error text', async () => {
    emulator.behave('google/veo-3', { outcome: 'failed', error: 'Prediction interrupted; please retry (code: PA)' });
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('google/veo-3');
    const started = await model.doStart(callOptions({ mode: 'text-to-video', durationSeconds: 8 }));
    const { status } = await pollToEnd(model, started.operation);
    expect(status.status).toBe('failed');
    expect(status.category).not.toBe('content_policy');
    expect(status.message).toContain('Prediction interrupted');
  });

  it('says the output is gone when Replicate already deleted it (a run resumed too late)', async () => {
    emulator.behave('google/veo-3', { dataRemoved: true });
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('google/veo-3');
    const started = await model.doStart(callOptions({ mode: 'text-to-video', durationSeconds: 8 }));
    const { status } = await pollToEnd(model, started.operation);
    expect(status).toMatchObject({ status: 'failed', isRetryable: true });
    expect(status.message).toMatch(/deleted its output/);
  });

  it('rejects an operation from another provider with a clear error', async () => {
    const { provider } = emulatedProvider(emulator);
    const error = await catchError(provider.videoModel('google/veo-3').doStatus({ operation: { requestId: 'fal-1' } }));
    expect(CinemaError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Not a Replicate operation/);
  });
});

describe('unknown models', () => {
  it('works with generic field names and a warning, and costs by run time when the hardware is given', async () => {
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('someone/new-video-model', { hardware: 'gpu-a100-large' });
    expect(model.capabilities).toBeUndefined();
    const started = await model.doStart(callOptions({ firstFrame: pngFile('a.png', 1), durationSeconds: 4 }));
    expect(started.warnings?.[0]?.message).toMatch(/not in this package's catalogue/);
    const input = emulator.predictions[0]!.input;
    expect(input).toMatchObject({ prompt: 'a lighthouse keeper climbs the stairs', duration: 4, aspect_ratio: '16:9' });
    expect(emulator.upload(input.image as string)).toBeDefined();

    const { status } = await pollToEnd(model, started.operation);
    expect(status.result!.costUsd).toBeCloseTo(1.5 * 0.0014, 6); // predict_time × A100 price
    expect(status.result!.warnings?.[0]?.message).toMatch(/not in this package's catalogue/);
  });

  it('creates version-pinned community models through POST /v1/predictions', async () => {
    const { provider } = emulatedProvider(emulator);
    await provider.videoModel('someone/model:5c7d5dc6dd8bf75c').doStart(callOptions({ mode: 'text-to-video' }));
    const create = emulator.requests.find((request) => request.method === 'POST')!;
    expect(create.path).toBe('/v1/predictions');
    expect(create.body).toMatchObject({ version: '5c7d5dc6dd8bf75c' });
    expect(emulator.predictionsCreated('5c7d5dc6dd8bf75c')).toBe(1);
  });

  it('reports cost 0 with a warning when neither a price nor the hardware is known', async () => {
    const { provider } = emulatedProvider(emulator);
    const model = provider.videoModel('someone/other-model');
    const started = await model.doStart(callOptions({ mode: 'text-to-video' }));
    const { status } = await pollToEnd(model, started.operation);
    expect(status.result!.costUsd).toBe(0);
    expect(status.result!.warnings?.map((warning) => warning.message).join('\n')).toMatch(/No price known/);
    expect(model.estimateCost(callOptions())).toBe(0);
  });
});

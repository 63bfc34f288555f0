import { createHash } from 'node:crypto';
import { UnsupportedFunctionalityError, resolveVideoCapabilities, type InputFile, type VideoModelV1CallOptions } from '@cinema/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFal } from './fal-provider.js';
import { createFalEmulator, createPng, type FalEmulator } from './testing/index.js';

const apiKey = 'video-test-key-abcdef123456';
let emulator: FalEmulator;
beforeAll(async () => {
  emulator = await createFalEmulator({ apiKey });
});
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

const provider = () => createFal({ apiKey, ...emulator.providerSettings, pollIntervalMs: 1 });

const frame = (name: string, width: number): InputFile => ({ path: `/movie/frames/${name}.png`, mediaType: 'image/png', data: createPng(width, 18) });
const first = frame('shot-1-first', 40);
const last = frame('shot-1-last', 41);

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The two frame uploads, told apart by content (they are uploaded concurrently). */
function frameUploads() {
  const find = (file: InputFile) => {
    const upload = emulator.uploads().find((candidate) => candidate.sha256 === sha(file.data));
    if (!upload) throw new Error(`${file.path} was not uploaded`);
    return upload;
  };
  return { start: find(first), end: find(last) };
}

const call = (overrides: Partial<VideoModelV1CallOptions>): VideoModelV1CallOptions => ({
  idempotencyKey: 'job-7',
  mode: 'first-last-frame',
  prompt: 'the door swings open',
  durationSeconds: 5,
  aspectRatio: '16:9',
  firstFrame: first,
  lastFrame: last,
  referenceImages: [],
  ...overrides,
});

interface FrameCase {
  modelId: string;
  endpointId: string;
  start: string;
  end: string;
  duration?: string;
  aspectRatio?: string;
}

const cases: FrameCase[] = [
  { modelId: 'fal-ai/kling-video/v2.1/pro/image-to-video', endpointId: 'fal-ai/kling-video/v2.1/pro/image-to-video', start: 'image_url', end: 'tail_image_url', duration: '5' },
  { modelId: 'fal-ai/kling-video/v2.5-turbo/pro/image-to-video', endpointId: 'fal-ai/kling-video/v2.5-turbo/pro/image-to-video', start: 'image_url', end: 'tail_image_url', duration: '5' },
  { modelId: 'fal-ai/kling-video/v2.6/pro/image-to-video', endpointId: 'fal-ai/kling-video/v2.6/pro/image-to-video', start: 'start_image_url', end: 'end_image_url', duration: '5' },
  { modelId: 'fal-ai/kling-video/v3/pro/image-to-video', endpointId: 'fal-ai/kling-video/v3/pro/image-to-video', start: 'start_image_url', end: 'end_image_url', duration: '5' },
  { modelId: 'fal-ai/veo3.1', endpointId: 'fal-ai/veo3.1/first-last-frame-to-video', start: 'first_frame_url', end: 'last_frame_url', duration: '6s', aspectRatio: '16:9' },
  { modelId: 'fal-ai/veo3.1/fast/first-last-frame-to-video', endpointId: 'fal-ai/veo3.1/fast/first-last-frame-to-video', start: 'first_frame_url', end: 'last_frame_url', duration: '6s', aspectRatio: '16:9' },
  { modelId: 'fal-ai/wan-flf2v', endpointId: 'fal-ai/wan-flf2v', start: 'start_image_url', end: 'end_image_url', aspectRatio: '16:9' },
  { modelId: 'fal-ai/wan/v2.2-a14b/image-to-video/turbo', endpointId: 'fal-ai/wan/v2.2-a14b/image-to-video/turbo', start: 'image_url', end: 'end_image_url' },
  { modelId: 'fal-ai/bytedance/seedance/v1/pro/image-to-video', endpointId: 'fal-ai/bytedance/seedance/v1/pro/image-to-video', start: 'image_url', end: 'end_image_url', duration: '5', aspectRatio: '16:9' },
  { modelId: 'fal-ai/minimax/hailuo-02/standard/image-to-video', endpointId: 'fal-ai/minimax/hailuo-02/standard/image-to-video', start: 'image_url', end: 'end_image_url', duration: '6' },
];

describe('fal video models: each model gets its own frame field names', () => {
  it.each(cases)('$modelId sends $start and $end', async ({ modelId, endpointId, start, end, duration, aspectRatio }) => {
    const model = provider().videoModel(modelId);
    const started = await model.doStart(call({}));
    const { start: startUpload, end: endUpload } = frameUploads();
    const [input] = emulator.submittedInputs(endpointId);
    expect(emulator.submissions(endpointId)).toBe(1);
    expect(input![start]).toBe(startUpload!.fileUrl);
    expect(input![end]).toBe(endUpload!.fileUrl);
    expect(startUpload!.fileName).toBe('shot-1-first.png');
    expect(endUpload!.fileName).toBe('shot-1-last.png');
    const frameFields = Object.keys(input!).filter((field) => /image_url|frame_url/.test(field)).sort();
    expect(frameFields).toEqual([start, end].sort());
    expect(input!.duration).toBe(duration);
    expect(input!.aspect_ratio).toBe(aspectRatio);
    expect(input!.prompt).toBe('the door swings open');
    expect(started.operation).toMatchObject({ endpointId });
  });
});

describe('fal video models: queue split', () => {
  it('start → pending, pending → completed with the clip, its size and its cost', async () => {
    const model = provider().videoModel('fal-ai/kling-video/v2.1/pro/image-to-video');
    const started = await model.doStart(call({ durationSeconds: 9 }));
    expect(started.warnings).toEqual([expect.objectContaining({ setting: 'durationSeconds', message: expect.stringContaining('making 10 s') })]);
    expect(emulator.submittedInputs('fal-ai/kling-video/v2.1/pro/image-to-video')[0]).toMatchObject({ duration: '10' });
    // The operation survives a JSON round trip, as the job store keeps it.
    const operation = JSON.parse(JSON.stringify(started.operation));
    expect(await model.doStatus({ operation })).toEqual({ status: 'pending', progress: 0, queuePosition: 0, pollAfterMs: 1000 });
    expect(await model.doStatus({ operation })).toEqual({ status: 'pending' });
    const done = await model.doStatus({ operation });
    if (done.status !== 'completed') throw new Error(`expected completed, got ${JSON.stringify(done)}`);
    expect(done.result.video).toMatchObject({ mediaType: 'video/mp4', url: expect.stringMatching(/output\.mp4$/) });
    const bytes = new Uint8Array(await (await fetch((done.result.video as { url: string }).url)).arrayBuffer());
    expect((done.result.video as { expectedBytes?: number }).expectedBytes).toBe(bytes.length);
    // $0.49 for 5 s plus $0.098 for each of 5 more seconds.
    expect(done.result.costUsd).toBeCloseTo(0.98, 6);
    expect(model.estimateCost({ mode: 'first-last-frame', durationSeconds: 10, aspectRatio: '16:9' })).toBeCloseTo(0.98, 6);
    expect(emulator.submissions('fal-ai/kling-video/v2.1/pro/image-to-video')).toBe(1);
  });

  it('Veo 3.1 routes each mode to its endpoint, with duration "8s", audio and its price', async () => {
    const model = provider().videoModel('fal-ai/veo3.1', { generateAudio: false });
    expect(resolveVideoCapabilities(model).modes.sort()).toEqual(['first-last-frame', 'image-to-video', 'text-to-video']);
    expect(model.capabilities.generatesAudio).toBe(false);
    await model.doStart(call({ mode: 'text-to-video', firstFrame: undefined, lastFrame: undefined, durationSeconds: 8, aspectRatio: '9:16' }));
    await model.doStart(call({ mode: 'image-to-video', lastFrame: undefined, durationSeconds: 8 }));
    expect(emulator.submittedInputs('fal-ai/veo3.1')).toEqual([
      { prompt: 'the door swings open', duration: '8s', aspect_ratio: '9:16', resolution: '1080p', generate_audio: false },
    ]);
    expect(emulator.submittedInputs('fal-ai/veo3.1/image-to-video')[0]).toMatchObject({ image_url: emulator.uploads()[0]!.fileUrl });
    expect(model.estimateCost({ mode: 'text-to-video', durationSeconds: 8, aspectRatio: '16:9' })).toBeCloseTo(1.6, 6);
    const withAudio = provider().videoModel('fal-ai/veo3.1');
    expect(withAudio.estimateCost({ mode: 'text-to-video', durationSeconds: 8, aspectRatio: '16:9' })).toBeCloseTo(3.2, 6);
  });

  it('doGenerate submits and polls to the finished clip', async () => {
    const result = await provider().videoModel('fal-ai/wan-flf2v').doGenerate(call({}));
    expect(result.video).toMatchObject({ mediaType: 'video/mp4' });
    expect(result.warnings?.some((warning) => /No published price/.test(warning.message))).toBe(true);
    expect(emulator.requests.filter((entry) => entry.route === 'status')).toHaveLength(3);
  });

  it('doCancel cancels on fal; cancelling a finished request is not an error', async () => {
    const model = provider().videoModel('fal-ai/bytedance/seedance/v1/pro/image-to-video');
    const started = await model.doStart(call({}));
    await model.doCancel({ operation: started.operation });
    expect(emulator.requests.at(-1)).toMatchObject({ route: 'cancel', responseStatus: 202 });
    emulator.configure('fal-ai/bytedance/seedance/v1/pro/image-to-video', { statuses: ['COMPLETED'] });
    const finished = await model.doStart(call({}));
    expect((await model.doStatus({ operation: finished.operation })).status).toBe('completed');
    await expect(model.doCancel({ operation: finished.operation })).resolves.toBeUndefined();
    expect(emulator.requests.at(-1)).toMatchObject({ route: 'cancel', responseStatus: 400 });
  });

  it('a text-to-video shot on an image-to-video-only model is refused before anything is sent', async () => {
    const model = provider().videoModel('fal-ai/kling-video/v2.1/pro/image-to-video');
    await expect(model.doStart(call({ mode: 'text-to-video', firstFrame: undefined, lastFrame: undefined }))).rejects.toSatisfy(
      (error: unknown) => UnsupportedFunctionalityError.isInstance(error),
    );
    expect(emulator.requests).toHaveLength(0);
  });

  it('a first-last-frame shot on a model without an end frame warns and sends the start frame only', async () => {
    const model = provider().videoModel('fal-ai/kling-video/v2.1/master/image-to-video');
    const started = await model.doStart(call({}));
    expect(started.warnings?.[0]).toMatchObject({ setting: 'lastFrame' });
    expect(emulator.uploads()).toHaveLength(1);
    expect(Object.keys(emulator.submittedInputs('fal-ai/kling-video/v2.1/master/image-to-video')[0]!)).not.toContain('tail_image_url');
  });

  it('an unknown video endpoint works with a warning and generic field names', async () => {
    const model = provider().videoModel('fal-ai/brand-new-video/v1/image-to-video');
    const started = await model.doStart(call({}));
    expect(started.warnings?.[0]?.message).toMatch(/not in Cinema's fal catalogue/);
    const [input] = emulator.submittedInputs('fal-ai/brand-new-video/v1/image-to-video');
    expect(input).toMatchObject({ image_url: frameUploads().start.fileUrl, end_image_url: frameUploads().end.fileUrl, duration: '5', aspect_ratio: '16:9' });
    expect((await model.doStatus({ operation: started.operation })).status).toBe('pending');
  });
});

describe('fal speech models', () => {
  it('ElevenLabs gets text and voice; MiniMax gets voice_setting and output_format url', async () => {
    const fal = provider();
    const eleven = await fal.speechModel('fal-ai/elevenlabs/tts/multilingual-v2').doGenerate({ idempotencyKey: 'a', text: 'Hello there.', voice: 'Aria' });
    expect(emulator.submittedInputs('fal-ai/elevenlabs/tts/multilingual-v2')).toEqual([{ text: 'Hello there.', voice: 'Aria' }]);
    expect(eleven.audio).toMatchObject({ mediaType: 'audio/wav' });

    const minimax = await fal
      .speechModel('fal-ai/minimax/speech-02-hd')
      .doGenerate({ idempotencyKey: 'b', text: 'Run!', voice: 'Wise_Woman', instructions: 'whispered' });
    expect(emulator.submittedInputs('fal-ai/minimax/speech-02-hd')).toEqual([{ text: 'Run!', voice_setting: { voice_id: 'Wise_Woman' }, output_format: 'url' }]);
    expect(minimax.durationSeconds).toBe(1);
    expect(minimax.warnings?.find((warning) => warning.setting === 'instructions')).toBeDefined();
  });
});

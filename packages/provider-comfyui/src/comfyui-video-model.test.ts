import { createHash } from 'node:crypto';
import { ApiCallError, CinemaError, type InputFile, type JsonValue, type VideoModelV1CallOptions } from '@cinema/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { promptIdFor } from './comfyui-operation.js';
import { createComfyUI } from './comfyui-provider.js';
import { exampleWorkflows } from './example-workflows.js';
import { createComfyUIEmulator, createPng } from './testing/index.js';

const emulator = await createComfyUIEmulator({ requiredHeaders: { authorization: 'Bearer local-token' } });
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

const headers = { authorization: 'Bearer local-token' };
const comfy = (settings: { pricePerGpuSecond?: number } = {}) =>
  createComfyUI({ ...emulator.providerSettings, headers, workflows: { 'wan-i2v': exampleWorkflows.wanImageToVideo, 'wan-flf': exampleWorkflows.wanFirstLastFrame }, ...settings });
const frame = (colour: [number, number, number], path: string): InputFile => ({ path, mediaType: 'image/png', data: createPng(64, 36, colour) });
const first = frame([200, 40, 40], '/movie/images/scene_1_first_frame.png');
const last = frame([40, 40, 200], '/movie/images/scene_1_last_frame.png');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const call = (overrides: Partial<VideoModelV1CallOptions> = {}): VideoModelV1CallOptions => ({
  mode: 'first-last-frame',
  prompt: 'the beam sweeps the sea',
  durationSeconds: 5,
  aspectRatio: '16:9',
  firstFrame: first,
  lastFrame: last,
  referenceImages: [],
  idempotencyKey: 'cinema-job-video-1',
  ...overrides,
});

async function pollToEnd(model: ReturnType<ReturnType<typeof comfy>['videoModel']>, operation: JsonValue) {
  const seen: string[] = [];
  for (let poll = 0; poll < 20; poll++) {
    const status = await model.doStatus({ operation });
    seen.push(status.status === 'pending' ? `pending${status.progress === 0 ? ' (queued)' : ''}` : status.status);
    if (status.status !== 'pending') return { status, seen };
  }
  throw new Error('the prompt never finished');
}

describe('ComfyUI video: a first+last-frame workflow', () => {
  it('queues the filled-in workflow under Cinema\'s prompt id, with both frames uploaded byte for byte', async () => {
    const model = comfy().videoModel('wan-flf');
    expect(model.capabilities).toMatchObject({ modes: ['first-last-frame'], durations: [2, 3, 4, 5], maxReferenceImages: 0 });
    const started = await model.doStart(call());
    expect(started.operation).toEqual({ workflow: 'wan-flf', promptId: promptIdFor('wan-flf', 'cinema-job-video-1') });

    const [prompt] = emulator.prompts();
    expect(prompt!.promptId).toBe(promptIdFor('wan-flf', 'cinema-job-video-1'));
    expect(prompt!.extraData).toEqual({ cinema: { idempotencyKey: 'cinema-job-video-1', workflow: 'wan-flf' } });
    const graph = prompt!.prompt;
    expect(graph['6']!.inputs.text).toBe('the beam sweeps the sea');
    // 16:9 at the workflow's own 1280×720 pixel count; 5 s at 16 fps, raised to 4n + 1.
    expect(graph['50']!.inputs).toMatchObject({ width: 1280, height: 720, length: 81 });
    expect(typeof graph['3']!.inputs.seed).toBe('number');
    expect(graph['3']!.inputs.seed).not.toBe(42);

    const uploads = emulator.uploads();
    expect(uploads.map((upload) => upload.sha256)).toEqual([sha256(first.data), sha256(last.data)]);
    expect(graph['52']!.inputs.image).toBe(uploads[0]!.name);
    expect(graph['72']!.inputs.image).toBe(uploads[1]!.name);
    // The provider's headers reached every request; the operation holds none of them.
    expect(emulator.requests.every((request) => request.headers.authorization === '[redacted]' && request.status !== 401)).toBe(true);
    expect(JSON.stringify(started.operation)).not.toContain('local-token');
  });

  it('polls queued, then running, then a finished clip served from /view, costed by GPU time', async () => {
    const model = comfy({ pricePerGpuSecond: 0.001 }).videoModel('wan-flf');
    const started = await model.doStart(call());
    const { status, seen } = await pollToEnd(model, JSON.parse(JSON.stringify(started.operation)));
    expect(seen).toEqual(['pending (queued)', 'pending', 'completed']);
    if (status.status !== 'completed') throw new Error(status.status);
    expect(status.result.costUsd).toBeCloseTo(0.002, 6);
    const { video } = status.result;
    expect(video.mediaType).toBe('video/mp4');
    if (!('url' in video)) throw new Error('expected a URL');
    expect(video.url).toMatch(/\/view\?filename=wan-flf_\d{5}_\.mp4&subfolder=cinema&type=output$/);
    const response = await fetch(video.url, { headers: video.headers });
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('throws a not_found error saying the job submits again when the server restarted and lost the prompt', async () => {
    const model = comfy().videoModel('wan-flf');
    const started = await model.doStart(call());
    emulator.restart();
    const error = await model.doStatus({ operation: started.operation }).catch((thrown: unknown) => thrown);
    expect(CinemaError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ category: 'not_found', isRetryable: true });
    expect((error as Error).message).toContain(`no longer knows prompt ${promptIdFor('wan-flf', 'cinema-job-video-1')} of workflow "wan-flf"`);
    expect((error as Error).message).toContain('the job submits it again');
  });

  it('reports an execution error with the node that failed; out of memory may pass on another try', async () => {
    const model = comfy().videoModel('wan-flf');
    emulator.failPrompts({ message: 'Allocation on device 0 would exceed allowed memory. (out of memory)', nodeType: 'KSampler', exceptionType: 'torch.OutOfMemoryError' });
    const { status } = await pollToEnd(model, (await model.doStart(call())).operation);
    expect(status).toMatchObject({ status: 'failed', isRetryable: true, category: 'server' });
    expect(status.status === 'failed' && status.message).toMatch(/failed at node 3 \(KSampler\): Allocation on device 0 .* \[torch\.OutOfMemoryError\]/);

    emulator.failPrompts({ message: "Value not in list: unet_name: 'wan.safetensors' not in []" });
    const second = await pollToEnd(model, (await model.doStart(call({ idempotencyKey: 'cinema-job-video-2' }))).operation);
    expect(second.status).toMatchObject({ status: 'failed', isRetryable: false });
  });

  it('without a last frame ends the clip on its first frame, and says so', async () => {
    const started = await comfy().videoModel('wan-flf').doStart(call({ mode: 'image-to-video', lastFrame: undefined }));
    expect(started.warnings).toEqual([expect.objectContaining({ setting: 'lastFrame', message: expect.stringMatching(/needs a last frame and this call has none/) })]);
    const graph = emulator.prompts()[0]!.prompt;
    expect(graph['72']!.inputs.image).toBe(graph['52']!.inputs.image);
    expect(emulator.uploads()).toHaveLength(1);
  });

  it('a refused prompt is a non-retryable 400 quoting ComfyUI: here a node the server lacks', async () => {
    const bare = await createComfyUIEmulator({ withoutNodeTypes: ['WanFirstLastFrameToVideo'] });
    try {
      const model = createComfyUI({ ...bare.providerSettings, workflows: { 'wan-flf': exampleWorkflows.wanFirstLastFrame } }).videoModel('wan-flf');
      const error = await model.doStart(call()).catch((thrown: unknown) => thrown);
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ statusCode: 400, isRetryable: false });
      expect((error as Error).message).toMatch(/ComfyUI POST \/prompt for workflow "wan-flf" \(.*wan-first-last-frame\.json\) failed with HTTP 400: Node 'WanFirstLastFrameToVideo' not found\. The custom node may not be installed\. \(Node ID '#50'\)/);
    } finally {
      await bare.close();
    }
  });
});

describe('ComfyUI video: after a crash', () => {
  it('doFind finds the prompt by Cinema\'s prompt id, queued or finished, and nothing for another key', async () => {
    const model = comfy().videoModel('wan-i2v');
    const options = call({ mode: 'image-to-video', lastFrame: undefined });
    const started = await model.doStart(options);
    const found = await model.doFind({ ...options, submittedAfter: 0 });
    expect(found?.operation).toEqual(started.operation);
    await pollToEnd(model, started.operation);
    expect((await model.doFind({ ...options, submittedAfter: 0 }))?.operation).toEqual(started.operation);
    expect(await model.doFind({ ...options, idempotencyKey: 'cinema-job-video-9', submittedAfter: 0 })).toBeUndefined();
    expect(emulator.prompts()).toHaveLength(1);
  });

  it('doFind finds it by the key in extra_data on a server that mints its own prompt ids', async () => {
    const older = await createComfyUIEmulator({ honoursPromptId: false });
    try {
      const model = createComfyUI({ ...older.providerSettings, workflows: { 'wan-i2v': exampleWorkflows.wanImageToVideo } }).videoModel('wan-i2v');
      const options = call({ mode: 'image-to-video', lastFrame: undefined });
      const started = await model.doStart(options);
      const minted = (started.operation as { promptId: string }).promptId;
      expect(minted).not.toBe(promptIdFor('wan-i2v', options.idempotencyKey));
      expect((await model.doFind({ ...options, submittedAfter: 0 }))?.operation).toEqual(started.operation);
      await pollToEnd(model as never, started.operation);
      expect((await model.doFind({ ...options, submittedAfter: 0 }))?.operation).toEqual(started.operation);
      expect(older.requests.some((request) => request.url === '/history?max_items=200')).toBe(true);
    } finally {
      await older.close();
    }
  });

  it('doCancel takes a waiting prompt off the queue and interrupts a running one by its id', async () => {
    const model = comfy().videoModel('wan-i2v');
    const waiting = await model.doStart(call({ mode: 'image-to-video', lastFrame: undefined }));
    await model.doCancel({ operation: waiting.operation });
    expect(emulator.requests.find((request) => request.route === 'queue-edit')?.body).toEqual({ delete: [(waiting.operation as { promptId: string }).promptId] });
    expect(emulator.prompts()[0]!.state).toBe('gone');

    const running = await model.doStart(call({ mode: 'image-to-video', lastFrame: undefined, idempotencyKey: 'cinema-job-video-3' }));
    await model.doStatus({ operation: running.operation });
    await model.doStatus({ operation: running.operation });
    expect(emulator.prompts()[1]!.state).toBe('running');
    await model.doCancel({ operation: running.operation });
    expect(emulator.requests.find((request) => request.route === 'interrupt')?.body).toEqual({ prompt_id: (running.operation as { promptId: string }).promptId });
    const status = await model.doStatus({ operation: running.operation });
    expect(status).toMatchObject({ status: 'failed', message: expect.stringMatching(/was interrupted at node/) });
  });
});

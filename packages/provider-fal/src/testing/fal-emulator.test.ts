import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFfmpeg } from '@cinema/postprod-ffmpeg';
import { createFalClient } from '@fal-ai/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFalEmulator, falReplies, type FalEmulator } from './fal-emulator.js';

const run = promisify(execFile);
/** ffprobe as users get it: FFPROBE_PATH, PATH, else the npm-shipped binary. */
const ffprobePath = async () => (await findFfmpeg()).ffprobePath;
const key = 'emulator-test-key-0123456789';

let emulator: FalEmulator;
beforeAll(async () => {
  emulator = await createFalEmulator({ apiKey: key });
});
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

/** The official client pointed at the emulator with a request middleware, as the reference suggests. */
function sdk() {
  return createFalClient({
    credentials: key,
    requestMiddleware: async (request) => ({
      ...request,
      url: request.url
        .replace('https://queue.fal.run', emulator.queueURL)
        .replace('https://rest.fal.ai', emulator.restURL),
    }),
  });
}

describe('fal emulator: queue protocol', () => {
  it('answers submit, then 202 IN_QUEUE, 202 IN_PROGRESS, 200 COMPLETED, then the result, on path-less URLs', async () => {
    const client = sdk();
    const submitted = await client.queue.submit('fal-ai/flux/dev', { input: { prompt: 'a red door' } });
    expect(submitted.request_id).toMatch(/[0-9a-f-]{36}/);
    // The status/result URLs drop the endpoint's path segment ("dev").
    expect(submitted.status_url).toBe(`${emulator.queueURL}/fal-ai/flux/requests/${submitted.request_id}/status`);

    const states: string[] = [];
    for (let poll = 0; poll < 3; poll++) {
      states.push((await client.queue.status('fal-ai/flux/dev', { requestId: submitted.request_id })).status);
    }
    expect(states).toEqual(['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED']);
    const statusCodes = emulator.requests.filter((entry) => entry.route === 'status').map((entry) => entry.responseStatus);
    expect(statusCodes).toEqual([202, 202, 200]);
    expect(emulator.requests.find((entry) => entry.route === 'status')?.path).toBe(
      `/queue/fal-ai/flux/requests/${submitted.request_id}/status?logs=0`,
    );

    const result = await client.queue.result('fal-ai/flux/dev', { requestId: submitted.request_id });
    expect(result.requestId).toBe(submitted.request_id);
    const image = (result.data as { images: { url: string; file_size: number }[] }).images[0]!;
    const download = new Uint8Array(await (await fetch(image.url)).arrayBuffer());
    expect([...download.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(download.length).toBe(image.file_size);
    expect(emulator.submissions('fal-ai/flux/dev')).toBe(1);
    expect(emulator.submissionCounts()).toEqual({ 'fal-ai/flux/dev': 1 });
  });

  it('rejects a status URL that keeps the path segment, and a result before completion', async () => {
    const client = sdk();
    const { request_id: requestId } = await client.queue.submit('fal-ai/flux/dev', { input: { prompt: 'x' } });
    const wrong = await fetch(`${emulator.queueURL}/fal-ai/flux/dev/requests/${requestId}/status`, {
      headers: { authorization: `Key ${key}` },
    });
    expect(wrong.status).toBe(404);
    const early = await fetch(`${emulator.queueURL}/fal-ai/flux/requests/${requestId}`, { headers: { authorization: `Key ${key}` } });
    expect(early.status).toBe(400);
  });

  it('cancels a queued request (202) and refuses to cancel a completed one (400 ALREADY_COMPLETED)', async () => {
    const client = sdk();
    const queued = await client.queue.submit('fal-ai/veo3.1', { input: { prompt: 'rain' } });
    await client.queue.cancel('fal-ai/veo3.1', { requestId: queued.request_id });
    expect(emulator.requests.at(-1)).toMatchObject({ route: 'cancel', method: 'PUT', responseStatus: 202 });

    emulator.configure('fal-ai/veo3.1', { statuses: ['COMPLETED'] });
    const done = await client.queue.submit('fal-ai/veo3.1', { input: { prompt: 'sun' } });
    await client.queue.status('fal-ai/veo3.1', { requestId: done.request_id });
    await expect(client.queue.cancel('fal-ai/veo3.1', { requestId: done.request_id })).rejects.toMatchObject({ status: 400 });
  });

  it('needs the key, and never logs its value', async () => {
    const anonymous = await fetch(`${emulator.queueURL}/fal-ai/flux/dev`, { method: 'POST', body: '{"prompt":"x"}' });
    expect(anonymous.status).toBe(401);
    await sdk().queue.submit('fal-ai/flux/dev', { input: { prompt: 'x' } });
    expect(emulator.requests.map((entry) => entry.authorization)).toEqual(['absent', 'present']);
    expect(JSON.stringify(emulator.requests)).not.toContain(key);
    expect(emulator.submissions('fal-ai/flux/dev')).toBe(1);
  });

  it('answers 422 in FastAPI shape when a required field is missing', async () => {
    await expect(sdk().queue.submit('fal-ai/wan-flf2v' as string, { input: { prompt: 'x', start_image_url: 'https://example.com/a.png' } })).rejects.toMatchObject({
      status: 422,
      body: { detail: [{ loc: ['body', 'end_image_url'], msg: 'field required', type: 'value_error.missing' }] },
    });
    expect(emulator.submissions('fal-ai/wan-flf2v')).toBe(0);
  });

  it('plays scripted replies once each, in order', async () => {
    emulator.enqueue({ route: 'submit', endpointId: 'fal-ai/flux/dev' }, falReplies.rateLimited(3), falReplies.serverError(503));
    const post = () =>
      fetch(`${emulator.queueURL}/fal-ai/flux/dev`, { method: 'POST', headers: { authorization: `Key ${key}` }, body: '{"prompt":"x"}' });
    const first = await post();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await post()).status).toBe(503);
    expect((await post()).status).toBe(200);
    emulator.enqueue('result', falReplies.malformedJson());
    emulator.configure('fal-ai/flux/dev', { statuses: ['COMPLETED'] });
    const client = sdk();
    const { request_id: requestId } = await client.queue.submit('fal-ai/flux/dev', { input: { prompt: 'x' } });
    await client.queue.status('fal-ai/flux/dev', { requestId });
    await expect(client.queue.result('fal-ai/flux/dev', { requestId })).rejects.toThrow(SyntaxError);
  });
});

describe('fal emulator: storage and files', () => {
  it('initiates an upload, takes the PUT without auth, and serves the bytes back', async () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const url = await sdk().storage.upload(new File([bytes], 'ref.png', { type: 'image/png' }));
    expect(url).toMatch(new RegExp(`^${emulator.url}/cdn/files/.+/ref\\.png$`));
    const initiate = emulator.requests.find((entry) => entry.route === 'upload-initiate');
    expect(initiate?.path).toBe('/rest/storage/upload/initiate?storage_type=fal-cdn-v3');
    expect(initiate?.body).toEqual({ content_type: 'image/png', file_name: 'ref.png' });
    const put = emulator.requests.find((entry) => entry.route === 'upload');
    expect(put).toMatchObject({ method: 'PUT', authorization: 'absent', bodyBytes: 5 });
    expect(new Uint8Array(await (await fetch(url)).arrayBuffer())).toEqual(bytes);
    expect(emulator.uploads()).toHaveLength(1);
  });

  it('serves a real MP4 and WAV as results', async () => {
    emulator.configure('fal-ai/kling-video/v2.1/pro/image-to-video', { statuses: ['COMPLETED'] });
    emulator.configure('fal-ai/elevenlabs/tts/multilingual-v2', { statuses: ['COMPLETED'] });
    const client = sdk();
    const directory = await mkdtemp(join(tmpdir(), 'fal-emulator-'));
    try {
      const video = await client.queue.submit('fal-ai/kling-video/v2.1/pro/image-to-video', {
        input: { prompt: 'x', image_url: 'https://example.com/a.png' },
      });
      await client.queue.status('fal-ai/kling-video/v2.1/pro/image-to-video', { requestId: video.request_id });
      const videoResult = await client.queue.result('fal-ai/kling-video/v2.1/pro/image-to-video', { requestId: video.request_id });
      const videoUrl = (videoResult.data as { video: { url: string } }).video.url;
      await writeFile(join(directory, 'clip.mp4'), new Uint8Array(await (await fetch(videoUrl)).arrayBuffer()));
      const probe = await run(await ffprobePath(), ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', join(directory, 'clip.mp4')]);
      expect(probe.stdout.trim().split('\n')).toEqual(['h264', 'aac']);

      const speech = await client.queue.submit('fal-ai/elevenlabs/tts/multilingual-v2', { input: { text: 'hello' } });
      await client.queue.status('fal-ai/elevenlabs/tts/multilingual-v2', { requestId: speech.request_id });
      const speechResult = await client.queue.result('fal-ai/elevenlabs/tts/multilingual-v2', { requestId: speech.request_id });
      const audioUrl = (speechResult.data as { audio: { url: string } }).audio.url;
      await writeFile(join(directory, 'line.wav'), new Uint8Array(await (await fetch(audioUrl)).arrayBuffer()));
      const audioProbe = await run(await ffprobePath(), ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', join(directory, 'line.wav')]);
      expect(Number(audioProbe.stdout.trim())).toBeCloseTo(1, 2);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('scripts a truncated download (the body fails) and a slow one (the body arrives whole)', async () => {
    const bytes = new Uint8Array(4096).map((_, index) => index % 251);
    const url = await sdk().storage.upload(new File([bytes], 'big.bin', { type: 'application/octet-stream' }));
    emulator.enqueue('file', falReplies.truncatedDownload(1000), falReplies.slowDownload(5));
    const truncated = await fetch(url);
    expect(truncated.headers.get('content-length')).toBe('4096');
    await expect(truncated.arrayBuffer()).rejects.toThrow();
    const slow = await fetch(url);
    expect(new Uint8Array(await slow.arrayBuffer())).toEqual(bytes);
  });
});

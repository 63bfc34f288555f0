import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMovieMaker } from '../config/create-movie-maker.js';
import { MemoryJobStore } from '../job-store/memory-job-store.js';
import type { GeneratedFile, VideoModelV1 } from '../provider/v1/index.js';
import { createFakePostProduction } from '../testing/fake-post-production.js';
import { createFakeProvider } from '../testing/fake-provider.js';

/**
 * Serves files by path. The first `breakFirst` downloads of each path announce the full length and
 * close after half of it, as a connection that broke off would; `gone` paths answer 404.
 */
class FileServer {
  private readonly files = new Map<string, Uint8Array>();
  readonly downloads = new Map<string, number>();
  readonly gone = new Set<string>();
  private server!: Server;
  url = '';

  constructor(private readonly breakFirst: number) {}

  async start() {
    this.server = createServer((request, response) => {
      const path = request.url!;
      const count = (this.downloads.get(path) ?? 0) + 1;
      this.downloads.set(path, count);
      const data = this.files.get(path);
      if (!data || this.gone.has(path)) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': data.byteLength });
      if (count <= this.breakFirst) {
        response.write(data.subarray(0, data.byteLength >> 1));
        setTimeout(() => response.destroy(), 5);
      } else response.end(data);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  host(path: string, data: Uint8Array): GeneratedFile {
    this.files.set(path, data);
    return { mediaType: 'video/mp4', url: `${this.url}${path}` };
  }

  close() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The fake provider's video model, answering with a URL to download (as fal and Replicate do). */
function answeringWithUrls(model: VideoModelV1, server: FileServer): VideoModelV1 {
  return {
    ...model,
    doStart: (options) => model.doStart(options),
    doStatus: async (options) => {
      const status = await model.doStatus(options);
      if (status.status !== 'completed' || !('data' in status.result.video)) return status;
      const path = `/${createHash('sha256').update(JSON.stringify(options.operation)).digest('hex').slice(0, 12)}.mp4`;
      return { status: 'completed', result: { ...status.result, video: server.host(path, status.result.video.data) } };
    },
  };
}

const script = 'A storm over the harbour.\n\nAda fixes the radio.';
let baseDir: string;
let server: FileServer;
beforeEach(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'cinema-pay-once-'));
});
afterEach(async () => {
  await server?.close();
  await rm(baseDir, { recursive: true, force: true });
});

function makerFor(breakFirst: number, maxAttempts = 3) {
  const provider = createFakeProvider({ costUsd: { video: 0.45 } });
  const store = new MemoryJobStore();
  server = new FileServer(breakFirst);
  const maker = createMovieMaker({
    store,
    models: { writer: provider.textModel(), image: provider.imageModel(), video: answeringWithUrls(provider.videoModel(), server), speech: provider.speechModel() },
    postProduction: createFakePostProduction(),
    retry: { initialDelayMs: 5, maxDelayMs: 20, maxAttempts },
  });
  return { provider, store, maker };
}

describe('a finished generation is paid once', () => {
  it('a download that broke off is fetched again from the saved operation, not submitted again', async () => {
    const { provider, store, maker } = makerFor(1);
    await server.start();
    const result = await maker.generate(script, { baseDir, movieId: 'broken' });
    expect(result.status).toBe('completed');
    const videos = await store.listJobs('broken', { stage: 'videos' });
    expect(videos).toHaveLength(2);
    expect(provider.count({ kind: 'video', type: 'start' })).toBe(2);
    for (const job of videos) {
      expect(job).toMatchObject({ status: 'completed', attempts: 2, costUsd: 0.45 });
      expect(job.errors).toHaveLength(1);
      expect(job.errors[0]!.message).toMatch(/broke off|truncated/);
      expect(job.errors[0]!.message).toContain('fetches it again instead of submitting it');
      const bytes = await readFile(join(baseDir, 'broken', job.outputs[0]!.path));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(job.outputs[0]!.sha256);
    }
    expect([...server.downloads.values()]).toEqual([2, 2]);
  });

  it('after the last attempt the paid work is kept, and `retry` fetches it instead of paying again', async () => {
    const { provider, store, maker } = makerFor(2, 2);
    await server.start();
    expect((await maker.generate(script, { baseDir, movieId: 'retry' })).status).toBe('failed');
    const failed = await store.listJobs('retry', { status: 'failed' });
    expect(failed.map((job) => job.stage)).toEqual(['videos', 'videos']);
    expect(failed.every((job) => job.operation !== null)).toBe(true);
    await store.retry('retry', {}, Date.now());
    expect((await maker.resume('retry', { baseDir })).status).toBe('completed');
    expect(provider.count({ kind: 'video', type: 'start' })).toBe(2);
  });

  it('submits again only when the provider no longer has the result, and the job says so', async () => {
    const { provider, store, maker } = makerFor(0);
    await server.start();
    let goneOnce = true;
    const original = server.host.bind(server);
    server.host = (path, data) => {
      const file = original(path, data);
      if (goneOnce) {
        goneOnce = false;
        server.gone.add(path);
      } else server.gone.delete(path);
      return file;
    };
    expect((await maker.generate(script, { baseDir, movieId: 'gone' })).status).toBe('completed');
    expect(provider.count({ kind: 'video', type: 'start' })).toBe(3);
    const remade = (await store.listJobs('gone', { stage: 'videos' })).find((job) => job.errors.length > 0)!;
    expect(remade.errors[0]!.message).toContain('HTTP 404');
    expect(remade.errors[0]!.message).toContain('next attempt submits the work again');
  });
});

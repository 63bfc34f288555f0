import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CinemaError } from '../errors/index.js';
import { writeAsset } from './assets.js';

const body = Buffer.alloc(4096, 9);
let server: Server;
let base: string;
let dir: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/ok') {
      response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': body.length });
      response.end(body);
    } else if (path === '/truncated') {
      response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': body.length });
      response.write(body.subarray(0, 1000));
      setTimeout(() => response.destroy(), 20);
    } else if (path === '/html') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>login</html>');
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cinema-assets-'));
  return () => rm(dir, { recursive: true, force: true });
});

async function expectNothingWritten() {
  expect(await readdir(join(dir, 'videos')).catch(() => [])).toEqual([]);
}

describe('writeAsset', () => {
  it('streams a download to disk under its final name with its checksum', async () => {
    const output = await writeAsset(dir, 'videos/scene_1.mp4', { mediaType: 'video/mp4', url: `${base}/ok?token=secret` });
    expect(output).toMatchObject({ path: 'videos/scene_1.mp4', bytes: 4096 });
    expect(output.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await readFile(join(dir, 'videos/scene_1.mp4'))).toEqual(body);
    expect(await readdir(join(dir, 'videos'))).toEqual(['scene_1.mp4']);
  });

  it('never takes a truncated download as done: a retryable error and no file', async () => {
    const error = await writeAsset(dir, 'videos/scene_1.mp4', { mediaType: 'video/mp4', url: `${base}/truncated?token=secret` }).catch((caught: unknown) => caught);
    expect(CinemaError.isInstance(error)).toBe(true);
    expect((error as CinemaError).isRetryable).toBe(true);
    expect((error as CinemaError).message).toMatch(/Download of http:\/\/127\.0\.0\.1:\d+\/truncated (is truncated|broke off)/);
    expect((error as CinemaError).message).not.toContain('secret');
    await expectNothingWritten();
  });

  it('checks the size the provider announced and the type of what came back', async () => {
    await expect(writeAsset(dir, 'videos/a.mp4', { mediaType: 'video/mp4', url: `${base}/ok`, expectedBytes: 5000 })).rejects.toThrow('is truncated: 4096 of 5000 bytes');
    await expect(writeAsset(dir, 'videos/b.mp4', { mediaType: 'video/mp4', url: `${base}/html` })).rejects.toThrow('returned text/html, not video/mp4');
    await expect(writeAsset(dir, 'videos/c.mp4', { mediaType: 'video/mp4', url: `${base}/gone` })).rejects.toThrow('answered HTTP 404');
    await expect(writeAsset(dir, 'videos/d.mp4', { mediaType: 'video/mp4', data: new Uint8Array() })).rejects.toThrow('empty file');
    await expectNothingWritten();
  });
});

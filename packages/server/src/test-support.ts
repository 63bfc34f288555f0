import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMovieMaker } from '@cinema/core';
import type { MovieMaker, VideoModelV1 } from '@cinema/core';
import { createFfmpegAssetChecker, createFfmpegPostProduction } from '@cinema/postprod-ffmpeg';
import { animatic } from '@cinema/provider-animatic';
import { createSqliteJobStore } from '@cinema/tracker-sqlite';
import { startCinemaServer } from './cinema-server.js';
import type { ListeningCinemaServer } from './cinema-server.js';

export const testToken = 'test-token-0123456789abcdef';

/** A one-scene script, so a whole film is made in seconds. */
export const tinyScript = 'Title: Tiny\n\nINT. HALL - DAY\n\nANNA waits by the door.\n\nANNA\nAt last.\n';

/**
 * A MovieMaker as `cinema` makes one with no config: the offline animatic models at a small size,
 * ffmpeg for the edit and the checks, SQLite at `{baseDir}/cinema.db`. `video` replaces the clips' model.
 */
export function createTestMaker(options: { video?: VideoModelV1; maxAttempts?: number } = {}): MovieMaker {
  return createMovieMaker(
    {
      output: { width: 320, height: 180, fps: 12 },
      models: { writer: animatic.textModel(), image: animatic.imageModel(), video: options.video ?? animatic.videoModel(), speech: animatic.speechModel() },
      postProduction: createFfmpegPostProduction(),
      checks: createFfmpegAssetChecker({ checkMotion: false }),
      ...(options.maxAttempts ? { retry: { maxAttempts: options.maxAttempts } } : {}),
    },
    { defaultStore: ({ baseDir }) => createSqliteJobStore({ path: join(baseDir, 'cinema.db') }) },
  );
}

/** A server on a free port over a fresh base folder; `close` stops it and deletes the folder. */
export async function startTestServer(options: { maker?: MovieMaker; maxScriptBytes?: number } = {}): Promise<ListeningCinemaServer & { baseDir: string; maker: MovieMaker }> {
  const baseDir = mkdtempSync(join(tmpdir(), 'cinema-serve-'));
  const maker = options.maker ?? createTestMaker();
  const server = await startCinemaServer({ maker, baseDir, token: testToken, port: 0, pollMs: 20, maxScriptBytes: options.maxScriptBytes });
  return {
    ...server,
    baseDir,
    maker,
    async close() {
      await server.close();
      await maker.close();
      rmSync(baseDir, { recursive: true, force: true });
    },
  };
}

/** A GET with the path sent byte for byte (fetch would resolve `..` before sending). */
export function rawGet(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sent = request({ hostname, port, path, method: 'GET', headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000, what = 'the condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssetNotFoundError, CinemaError, InvalidInputError } from '../errors/index.js';
import type { AssetInfo, AssetStoreV1 } from '../storage/v1/index.js';
import { sha256 } from '../util/hash.js';

/** A fresh, empty store made for one test, and how to remove what it left. */
export interface AssetStoreUnderTest {
  store: AssetStoreV1;
  /** Called after each test, once the store is closed (e.g. to delete its folder or bucket prefix). */
  cleanup(): Promise<void>;
}

/** Options of {@link runAssetStoreConformance}. */
export interface AssetStoreConformanceOptions {
  /** Makes a fresh, empty store for every test; the suite closes it and then calls `cleanup`. */
  create: () => Promise<AssetStoreUnderTest>;
  /**
   * Replaces the bytes stored under `key` in `store` with `bytes` while keeping the sha256 the file
   * was put with, as a damaged disk or a hand edit would. When given, `get` is checked to refuse
   * such a file. Default: not given, and that test is reported as skipped.
   */
  tamper?: (store: AssetStoreV1, key: string, bytes: Uint8Array) => Promise<void>;
  /** The size of the large file that must round-trip (big enough for S3's multipart path). Default: 20 MiB. */
  largeFileBytes?: number;
  /** Per-test timeout in ms. Default: 60,000. */
  timeoutMs?: number;
}

const invalidKeys = ['../x', '/abs', 'a//b', 'a\\b', 'm1/./x', ''];
const invalidPrefixes = ['../x', '/abs', 'a//b', 'a\\b', '../'];

/** What `call` rejected with. A method that throws instead of returning a rejected promise fails. */
async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  let promise: Promise<unknown>;
  try {
    promise = call();
  } catch (error) {
    throw new Error(`expected the call to return a rejected promise, but it threw: ${String(error)}`);
  }
  return promise.then(
    () => {
      throw new Error('expected the call to reject, but it resolved');
    },
    (error: unknown) => error,
  );
}

/**
 * Runs the AssetStoreV1 contract against a store. Call it at the top level of a vitest test file:
 *
 * ```ts
 * runAssetStoreConformance('local folder', {
 *   create: async () => {
 *     const root = await mkdtemp(join(tmpdir(), 'assets-'));
 *     return { store: localFolderAssetStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
 *   },
 * });
 * ```
 */
export function runAssetStoreConformance(name: string, options: AssetStoreConformanceOptions): void {
  const largeFileBytes = options.largeFileBytes ?? 20 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 60_000;

  describe(`AssetStoreV1 conformance: ${name}`, () => {
    let underTest: AssetStoreUnderTest;
    let store: AssetStoreV1;
    let scratch: string;

    beforeEach(async () => {
      underTest = await options.create();
      store = underTest.store;
      scratch = await mkdtemp(join(tmpdir(), 'cinema-asset-conformance-'));
    });

    afterEach(async () => {
      await store.close();
      await underTest.cleanup();
      await rm(scratch, { recursive: true, force: true });
    });

    const test = (title: string, body: () => Promise<void>) => it(title, body, timeoutMs);

    /** A local file holding `content`, described as a job would record it. */
    async function localFile(name: string, content: string | Uint8Array, mediaType = 'application/octet-stream') {
      const path = join(scratch, 'source', name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      return { path, sha256: sha256(bytes), bytes: bytes.byteLength, mediaType };
    }

    async function put(key: string, content: string | Uint8Array): Promise<AssetInfo> {
      return store.put(key, await localFile(key.replaceAll('/', '_'), content));
    }

    function destination(...segments: string[]): string {
      return join(scratch, 'destination', ...segments);
    }

    async function filesIn(folder: string): Promise<string[]> {
      return (await readdir(folder).catch(() => [])).sort();
    }

    describe('put and get', () => {
      test('put then get round-trips the bytes and the info, and stat agrees', async () => {
        const content = 'INT. KITCHEN - DAY\nADA pours coffee.\n';
        const info = await put('m1/screenplay.fountain', content);
        const expected: AssetInfo = { key: 'm1/screenplay.fountain', bytes: Buffer.byteLength(content), sha256: sha256(content) };
        expect(info).toEqual(expected);
        expect(await store.stat('m1/screenplay.fountain')).toEqual(expected);
        const target = destination('screenplay.fountain');
        expect(await store.get('m1/screenplay.fountain', target)).toEqual(expected);
        expect(await readFile(target, 'utf8')).toBe(content);
      });

      test('get creates the destination folder and leaves only the file in it', async () => {
        await put('m1/characters/char_1_front.png', randomBytes(4096));
        const target = destination('deep', 'er', 'char_1_front.png');
        await store.get('m1/characters/char_1_front.png', target);
        expect(await filesIn(dirname(target))).toEqual(['char_1_front.png']);
      });

      test('get replaces a file already at the destination', async () => {
        await put('m1/audio/line_1.wav', 'the new take');
        const target = destination('line_1.wav');
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, 'an older, longer take of the line');
        await store.get('m1/audio/line_1.wav', target);
        expect(await readFile(target, 'utf8')).toBe('the new take');
      });

      test('an empty file round-trips', async () => {
        expect(await put('m1/empty.txt', '')).toEqual({ key: 'm1/empty.txt', bytes: 0, sha256: sha256('') });
        const target = destination('empty.txt');
        await store.get('m1/empty.txt', target);
        expect(await readFile(target)).toHaveLength(0);
      });

      test('keys with spaces and non-ASCII characters round-trip', async () => {
        const key = 'm1/characters/Zoë Ångström (front) #1.png';
        await put(key, 'zoë');
        expect((await store.stat(key))?.sha256).toBe(sha256('zoë'));
        await store.get(key, destination('zoe.png'));
        expect(await readFile(destination('zoe.png'), 'utf8')).toBe('zoë');
        expect((await store.list('m1/')).map((info) => info.key)).toEqual([key]);
      });

      test(`a large file (${largeFileBytes} bytes) round-trips`, async () => {
        const content = randomBytes(largeFileBytes);
        const info = await put('m1/videos/scene_1.mp4', content);
        expect(info).toEqual({ key: 'm1/videos/scene_1.mp4', bytes: largeFileBytes, sha256: sha256(content) });
        const target = destination('scene_1.mp4');
        expect(await store.get('m1/videos/scene_1.mp4', target)).toEqual(info);
        expect(sha256(await readFile(target))).toBe(info.sha256);
      });

      test('put replaces what is stored under the key', async () => {
        await put('m1/keyframes/shot_1.png', 'first take, longer than the second');
        const second = await put('m1/keyframes/shot_1.png', 'second take');
        expect(second).toEqual({ key: 'm1/keyframes/shot_1.png', bytes: 11, sha256: sha256('second take') });
        expect(await store.stat('m1/keyframes/shot_1.png')).toEqual(second);
        await store.get('m1/keyframes/shot_1.png', destination('shot_1.png'));
        expect(await readFile(destination('shot_1.png'), 'utf8')).toBe('second take');
        expect(await store.list('m1/')).toEqual([{ key: second.key, bytes: second.bytes }]);
      });

      test('concurrent puts of one key leave one whole version', async () => {
        const versions = Array.from({ length: 4 }, () => randomBytes(512 * 1024));
        const files = await Promise.all(versions.map((content, index) => localFile(`take_${index}.mp4`, content)));
        await Promise.all(files.map((file) => store.put('m1/videos/scene_2.mp4', file)));
        const stored = await store.get('m1/videos/scene_2.mp4', destination('scene_2.mp4'));
        const bytes = await readFile(destination('scene_2.mp4'));
        expect(files.map((file) => file.sha256)).toContain(sha256(bytes));
        expect(stored).toEqual({ key: 'm1/videos/scene_2.mp4', bytes: bytes.byteLength, sha256: sha256(bytes) });
        expect(await store.stat('m1/videos/scene_2.mp4')).toEqual(stored);
      });
    });

    describe('put refuses a file that does not match what its job recorded', () => {
      test('bytes whose sha256 differs: refused naming the file, nothing stored', async () => {
        const file = await localFile('shot_2.png', 'what the job wrote');
        await writeFile(file.path, 'what the job wrote, then changed');
        file.bytes = Buffer.byteLength('what the job wrote, then changed');
        const error = await rejection(() => store.put('m1/keyframes/shot_2.png', file));
        expect(InvalidInputError.isInstance(error), String(error)).toBe(true);
        expect((error as Error).message).toContain(file.path);
        expect(await store.stat('m1/keyframes/shot_2.png')).toBeUndefined();
        expect(await store.list('m1/')).toEqual([]);
      });

      test('a size that differs: refused, nothing stored', async () => {
        const file = await localFile('shot_3.png', 'twelve bytes');
        const error = await rejection(() => store.put('m1/keyframes/shot_3.png', { ...file, bytes: 13 }));
        expect(InvalidInputError.isInstance(error), String(error)).toBe(true);
        expect((error as Error).message).toContain(file.path);
        expect(await store.stat('m1/keyframes/shot_3.png')).toBeUndefined();
      });

      test('a refused put leaves the version already stored', async () => {
        const first = await put('m1/keyframes/shot_4.png', 'the good take');
        const file = await localFile('shot_4.png', 'a take');
        await expect(store.put('m1/keyframes/shot_4.png', { ...file, sha256: sha256('another take') })).rejects.toThrow();
        expect(await store.stat('m1/keyframes/shot_4.png')).toEqual(first);
        await store.get('m1/keyframes/shot_4.png', destination('shot_4.png'));
        expect(await readFile(destination('shot_4.png'), 'utf8')).toBe('the good take');
      });

      test(`a large file (${largeFileBytes} bytes) whose last byte changed: refused, nothing stored`, async () => {
        const content = randomBytes(largeFileBytes);
        const file = await localFile('scene_3.mp4', content);
        content[content.length - 1] = content[content.length - 1]! ^ 0xff;
        await writeFile(file.path, content);
        const error = await rejection(() => store.put('m1/videos/scene_3.mp4', file));
        expect(InvalidInputError.isInstance(error), String(error)).toBe(true);
        expect(await store.stat('m1/videos/scene_3.mp4')).toBeUndefined();
        expect(await store.list('m1/')).toEqual([]);
      });

      test('a file that does not exist: refused naming it, nothing stored', async () => {
        const path = join(scratch, 'no-such-file.png');
        const error = await rejection(() => store.put('m1/keyframes/shot_5.png', { path, sha256: sha256(''), bytes: 0, mediaType: 'image/png' }));
        expect(CinemaError.isInstance(error), String(error)).toBe(true);
        expect((error as Error).message).toContain(path);
        expect(await store.stat('m1/keyframes/shot_5.png')).toBeUndefined();
      });

      test('an aborted put rejects and stores nothing', async () => {
        const file = await localFile('shot_6.png', 'pixels');
        await expect(store.put('m1/keyframes/shot_6.png', file, { abortSignal: AbortSignal.abort() })).rejects.toThrow();
        expect(await store.stat('m1/keyframes/shot_6.png')).toBeUndefined();
      });
    });

    describe('get of what cannot be had leaves nothing at the destination', () => {
      test('a missing key rejects with AssetNotFoundError naming the key', async () => {
        await put('m1/videos/scene_1.mp4', 'clip');
        const target = destination('missing', 'scene_9.mp4');
        const error = await rejection(() => store.get('m1/videos/scene_9.mp4', target));
        expect(AssetNotFoundError.isInstance(error), String(error)).toBe(true);
        expect((error as AssetNotFoundError).key).toBe('m1/videos/scene_9.mp4');
        expect((error as Error).message).toContain('m1/videos/scene_9.mp4');
        expect(await filesIn(dirname(target))).toEqual([]);
      });

      test('a missing key leaves a file already at the destination as it was', async () => {
        const target = destination('scene_9.mp4');
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, 'the local copy');
        await expect(store.get('m1/videos/scene_9.mp4', target)).rejects.toThrow();
        expect(await readFile(target, 'utf8')).toBe('the local copy');
      });

      it.skipIf(!options.tamper)(
        'a stored file that no longer matches its sha256 is refused, and nothing is written (needs the tamper option)',
        async () => {
          await put('m1/videos/scene_4.mp4', 'the clip as it was put');
          await options.tamper!(store, 'm1/videos/scene_4.mp4', Buffer.from('the clip as it was put, damaged'));
          const target = destination('scene_4.mp4');
          await mkdir(dirname(target), { recursive: true });
          await writeFile(target, 'the local copy');
          const error = await rejection(() => store.get('m1/videos/scene_4.mp4', target));
          expect(CinemaError.isInstance(error), String(error)).toBe(true);
          expect((error as CinemaError).category).toBe('store');
          expect((error as Error).message).toContain('m1/videos/scene_4.mp4');
          expect(await readFile(target, 'utf8')).toBe('the local copy');
          expect(await filesIn(dirname(target))).toEqual(['scene_4.mp4']);
        },
        timeoutMs,
      );

      test('an aborted get rejects and writes nothing', async () => {
        await put('m1/videos/scene_5.mp4', 'clip');
        const target = destination('aborted', 'scene_5.mp4');
        await expect(store.get('m1/videos/scene_5.mp4', target, { abortSignal: AbortSignal.abort() })).rejects.toThrow();
        expect(await filesIn(dirname(target))).toEqual([]);
      });
    });

    describe('stat and list', () => {
      test('stat of a missing key is undefined', async () => {
        expect(await store.stat('m1/videos/scene_1.mp4')).toBeUndefined();
        await put('m1/videos/scene_1.mp4', 'clip');
        expect(await store.stat('m1/videos/scene_10.mp4')).toBeUndefined();
        expect(await store.stat('m1/videos')).toBeUndefined();
      });

      test("list gives the prefix's files ordered by key, and not another movie's", async () => {
        const keys = ['m1/videos/scene_2.mp4', 'm10/videos/scene_1.mp4', 'm1/characters/char_1_front.png', 'm2/film.mp4', 'm1/film.mp4', 'm1/audio/line_1.wav'];
        const stored = new Map<string, AssetInfo>();
        for (const key of keys) stored.set(key, await put(key, `bytes of ${key}`));
        const inOrder = (...wanted: string[]) => wanted.map((key) => ({ key, bytes: stored.get(key)!.bytes }));
        expect(await store.list('m1/')).toEqual(inOrder('m1/audio/line_1.wav', 'm1/characters/char_1_front.png', 'm1/film.mp4', 'm1/videos/scene_2.mp4'));
        expect(await store.list('m10/')).toEqual(inOrder('m10/videos/scene_1.mp4'));
        expect(await store.list('m1/videos/')).toEqual(inOrder('m1/videos/scene_2.mp4'));
        expect(await store.list('m1/videos/scene_')).toEqual(inOrder('m1/videos/scene_2.mp4'));
        expect(await store.list('m3/')).toEqual([]);
        expect((await store.list('')).map((info) => info.key)).toEqual([...keys].sort());
      });

      test('list of a movie with many files gives them all', async () => {
        const keys = Array.from({ length: 120 }, (_, index) => `m1/keyframes/shot_${String(index).padStart(3, '0')}.png`);
        await Promise.all(keys.map((key) => put(key, key)));
        const listed = await store.list('m1/');
        expect(listed).toEqual(keys.map((key) => ({ key, bytes: Buffer.byteLength(key) })));
      });
    });

    describe('url', () => {
      test('is undefined, or a URL that serves the bytes', async () => {
        const content = randomBytes(2048);
        await put('m1/characters/char_1_front.png', content);
        const url = await store.url('m1/characters/char_1_front.png', { expiresInSeconds: 600 });
        if (url === undefined) return;
        const response = await fetch(url);
        expect(response.status, url).toBe(200);
        expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(sha256(content));
      });

      test('refuses a lifetime outside 1 s to 7 days', async () => {
        for (const expiresInSeconds of [0, -5, 604_801, Number.NaN]) {
          const error = await rejection(() => store.url('m1/film.mp4', { expiresInSeconds }));
          expect(InvalidInputError.isInstance(error), `${expiresInSeconds}: ${String(error)}`).toBe(true);
        }
      });
    });

    describe('keys that could name a file outside the store are refused by every method', () => {
      it.each(invalidKeys.map((key) => [JSON.stringify(key), key] as const))('%s', { timeout: timeoutMs }, async (_, key) => {
        const file = await localFile('any.png', 'pixels');
        const target = destination('any.png');
        const calls: [string, () => Promise<unknown>][] = [
          ['put', () => store.put(key, file)],
          ['get', () => store.get(key, target)],
          ['stat', () => store.stat(key)],
          ['url', () => store.url(key, { expiresInSeconds: 60 })],
        ];
        for (const [method, call] of calls) {
          const error = await rejection(call);
          expect(InvalidInputError.isInstance(error), `${method}(${JSON.stringify(key)}): ${String(error)}`).toBe(true);
        }
        expect(await filesIn(dirname(target))).toEqual([]);
        expect(await store.list('')).toEqual([]);
      });

      it.each(invalidPrefixes.map((prefix) => [JSON.stringify(prefix), prefix] as const))('list(%s)', { timeout: timeoutMs }, async (_, prefix) => {
        const error = await rejection(() => store.list(prefix));
        expect(InvalidInputError.isInstance(error), String(error)).toBe(true);
      });
    });
  });
}

import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssetNotFoundError, CinemaError, ConfigError, sha256 } from '@cinema/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { s3AssetStore, type S3AssetStore } from './s3-asset-store.js';
import { startTestS3Server, testBucket, testCredentials, type TestS3Server } from './testing/index.js';

let server: TestS3Server;
let scratch: string;
const stores: S3AssetStore[] = [];

beforeAll(async () => {
  server = await startTestS3Server();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cinema-storage-s3-'));
});
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await rm(scratch, { recursive: true, force: true });
});

function openStore(settings: Parameters<TestS3Server['openStore']>[0] = {}): S3AssetStore {
  const store = server.openStore(settings);
  stores.push(store);
  return store;
}

async function localFile(name: string, content: Uint8Array | string, mediaType = 'video/mp4') {
  const path = join(scratch, name);
  await writeFile(path, content);
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return { path, sha256: sha256(bytes), bytes: bytes.byteLength, mediaType };
}

/** Records every command the store's client sends and the HTTP status the server answered. */
function recordRequests(store: S3AssetStore): { command: string; status: number | undefined }[] {
  const sent: { command: string; status: number | undefined }[] = [];
  store.client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        const result = await next(args);
        sent.push({ command: context.commandName ?? 'unnamed', status: (result.output as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode });
        return result;
      } catch (error) {
        sent.push({ command: context.commandName ?? 'unnamed', status: (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode });
        throw error;
      }
    },
    { step: 'initialize', name: 'recordRequests' },
  );
  return sent;
}

function countOf(sent: { command: string }[], command: string): number {
  return sent.filter((request) => request.command === command).length;
}

async function rejection(promise: Promise<unknown>): Promise<CinemaError> {
  const error = await promise.then(() => undefined, (thrown: unknown) => thrown);
  expect(CinemaError.isInstance(error), `expected a CinemaError, got ${String(error)}`).toBe(true);
  return error as CinemaError;
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('the bucket layout', () => {
  it('keeps a file at {prefix}/{key}, with its sha256 and media type on the object', async () => {
    const store = openStore({ prefix: '/studio/films/' });
    expect(store.prefix).toBe('studio/films');
    expect(store.description).toBe(`s3://${testBucket}/studio/films`);
    const file = await localFile('char_1_front.png', 'pixels', 'image/png');
    await store.put('m1/characters/char_1_front.png', file);
    const head = await store.client.send(new HeadObjectCommand({ Bucket: testBucket, Key: 'studio/films/m1/characters/char_1_front.png' }));
    expect(head.Metadata).toEqual({ sha256: file.sha256 });
    expect(head.ContentType).toBe('image/png');
    expect(head.ContentLength).toBe(6);
    await server.empty(store);
  });

  it('keeps stores under different prefixes of one bucket apart', async () => {
    const first = openStore();
    const second = openStore();
    await first.put('m1/film.mp4', await localFile('a.mp4', 'first studio'));
    expect(await second.stat('m1/film.mp4')).toBeUndefined();
    expect(await second.list('')).toEqual([]);
    await expect(second.get('m1/film.mp4', join(scratch, 'out.mp4'))).rejects.toSatisfy(AssetNotFoundError.isInstance);
    await server.empty(first);
  });

  it('refuses an object Cinema did not put (no sha256 in its metadata), naming the key', async () => {
    const store = openStore();
    await store.client.send(new PutObjectCommand({ Bucket: testBucket, Key: `${store.prefix}/m1/notes.txt`, Body: 'put by hand' }));
    for (const call of [() => store.stat('m1/notes.txt'), () => store.get('m1/notes.txt', join(scratch, 'notes.txt'))]) {
      const error = await rejection(call());
      expect(error.message).toContain(`m1/notes.txt in s3://${testBucket}/${store.prefix} has no sha256 in its metadata`);
    }
    await expect(readFile(join(scratch, 'notes.txt'))).rejects.toThrow();
    // A listing shows what the prefix holds; the checksum is asked for when the file is used.
    expect(await store.list('m1/')).toEqual([{ key: 'm1/notes.txt', bytes: 11 }]);
    await server.empty(store);
  });
});

describe('multipart uploads', () => {
  it('a file over the part size goes up in parts; a small one in one PutObject', async () => {
    const store = openStore();
    const sent = recordRequests(store);
    const clip = randomBytes(20 * 1024 * 1024);
    await store.put('m1/videos/scene_1.mp4', await localFile('scene_1.mp4', clip));
    expect(sent.filter((request) => request.command !== 'HeadObjectCommand')).toEqual([
      { command: 'CreateMultipartUploadCommand', status: 200 },
      { command: 'UploadPartCommand', status: 200 },
      { command: 'UploadPartCommand', status: 200 },
      { command: 'UploadPartCommand', status: 200 },
      { command: 'CompleteMultipartUploadCommand', status: 200 },
    ]);
    sent.length = 0;
    await store.put('m1/keyframes/shot_1.png', await localFile('shot_1.png', randomBytes(8 * 1024 * 1024)));
    expect(sent).toEqual([{ command: 'PutObjectCommand', status: 200 }]);
    const info = await store.get('m1/videos/scene_1.mp4', join(scratch, 'back.mp4'));
    expect(info.sha256).toBe(sha256(clip));
    expect(sha256(await readFile(join(scratch, 'back.mp4')))).toBe(sha256(clip));
    await server.empty(store);
  });

  it('partSizeBytes sets the size of the parts', async () => {
    const store = openStore({ partSizeBytes: 5 * 1024 * 1024 });
    const sent = recordRequests(store);
    await store.put('m1/videos/scene_1.mp4', await localFile('scene_1.mp4', randomBytes(16 * 1024 * 1024)));
    expect(countOf(sent, 'UploadPartCommand')).toBe(4);
    expect(() => s3AssetStore({ bucket: testBucket, partSizeBytes: 1024 })).toThrow('S3 takes parts of 5242880 bytes (5 MiB) and up');
    await server.empty(store);
  });

  it('a large file that does not match its sha256 is never completed: the upload is aborted', async () => {
    const store = openStore();
    const sent = recordRequests(store);
    const clip = randomBytes(20 * 1024 * 1024);
    const file = await localFile('scene_2.mp4', clip);
    const error = await rejection(store.put('m1/videos/scene_2.mp4', { ...file, sha256: sha256('another clip') }));
    expect(error.message).toContain(`Refused to put ${file.path} as m1/videos/scene_2.mp4`);
    expect(countOf(sent, 'CreateMultipartUploadCommand')).toBe(1);
    expect(countOf(sent, 'CompleteMultipartUploadCommand')).toBe(0);
    // s3rver has no AbortMultipartUpload (it answers 405); AWS S3 discards the parts.
    expect(sent.filter((request) => request.command === 'AbortMultipartUploadCommand')).toEqual([{ command: 'AbortMultipartUploadCommand', status: 405 }]);
    expect(await store.stat('m1/videos/scene_2.mp4')).toBeUndefined();
  });

  it('a small file that does not match sends nothing', async () => {
    const store = openStore();
    const sent = recordRequests(store);
    const file = await localFile('shot_1.png', 'pixels');
    await expect(store.put('m1/keyframes/shot_1.png', { ...file, bytes: 7 })).rejects.toThrow('has 6 bytes');
    expect(sent).toEqual([]);
  });
});

/** Runs `after` once the store's client has had the answer to its first `command`. */
function afterFirst(store: S3AssetStore, command: string, after: () => void): void {
  let seen = false;
  store.client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === command && !seen) {
        seen = true;
        after();
      }
      return result;
    },
    { step: 'initialize', name: `after-${command}` },
  );
}

describe('list', () => {
  it('pages through ListObjectsV2, with sizes from the listing and no request per file', async () => {
    const store = openStore();
    store.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'ListObjectsV2Command') (args.input as { MaxKeys?: number }).MaxKeys = 7;
        return next(args);
      },
      { step: 'initialize', name: 'smallPages' },
    );
    const keys = Array.from({ length: 30 }, (_, index) => `m1/audio/line_${String(index).padStart(2, '0')}.wav`);
    for (const key of keys) await store.put(key, await localFile('line.wav', key));
    const sent = recordRequests(store);
    expect(await store.list('m1/')).toEqual(keys.map((key) => ({ key, bytes: Buffer.byteLength(key) })));
    expect(countOf(sent, 'ListObjectsV2Command')).toBe(5);
    expect(countOf(sent, 'HeadObjectCommand')).toBe(0);
    await server.empty(store);
  });
});

describe('aborting', () => {
  it('a multipart upload aborted after its first part stores nothing', async () => {
    const store = openStore();
    const sent = recordRequests(store);
    const controller = new AbortController();
    afterFirst(store, 'UploadPartCommand', () => controller.abort());
    const file = await localFile('scene_1.mp4', randomBytes(40 * 1024 * 1024));
    const error = await rejection(store.put('m1/videos/scene_1.mp4', file, { abortSignal: controller.signal }));
    expect(error.category).toBe('cancelled');
    expect(countOf(sent, 'CompleteMultipartUploadCommand')).toBe(0);
    expect(await store.stat('m1/videos/scene_1.mp4')).toBeUndefined();
  });

  it('a download aborted once the object started coming leaves nothing at the destination', async () => {
    const store = openStore();
    await store.put('m1/videos/scene_1.mp4', await localFile('scene_1.mp4', randomBytes(20 * 1024 * 1024)));
    const controller = new AbortController();
    afterFirst(store, 'GetObjectCommand', () => controller.abort());
    const error = await rejection(store.get('m1/videos/scene_1.mp4', join(scratch, 'got', 'scene_1.mp4'), { abortSignal: controller.signal }));
    expect(error.category).toBe('cancelled');
    expect(await readdir(join(scratch, 'got')).catch(() => [])).toEqual([]);
    await server.empty(store);
  });
});

describe('presigned URLs', () => {
  it('plain fetch of the URL gets the bytes, with no credentials of its own', async () => {
    const store = openStore();
    const picture = randomBytes(100_000);
    await store.put('m1/characters/char_1_front.png', await localFile('front.png', picture, 'image/png'));
    const url = (await store.url('m1/characters/char_1_front.png', { expiresInSeconds: 900 }))!;
    expect(url.startsWith(`${server.endpoint}/${testBucket}/${store.prefix}/m1/characters/char_1_front.png?`)).toBe(true);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url).not.toContain(testCredentials.secretAccessKey.toLowerCase());
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(sha256(picture));
    await server.empty(store);
  });

  it('with presignedUrls: false, url is undefined (providers get the bytes), and still checks its arguments', async () => {
    const store = openStore({ presignedUrls: false });
    expect(await store.url('m1/characters/char_1_front.png', { expiresInSeconds: 900 })).toBeUndefined();
    await expect(store.url('../x', { expiresInSeconds: 900 })).rejects.toThrow('The asset key "../x" cannot be used');
    await expect(store.url('m1/film.mp4', { expiresInSeconds: 0 })).rejects.toThrow('cannot last 0 seconds');
  });
});

describe('errors say what failed, where, and what to do, and keep secrets out', () => {
  it('an unreachable endpoint names the endpoint, for every call', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const store = openStore({ endpoint, prefix: 'films' });
    const file = await localFile('film.mp4', 'film');
    const calls = [() => store.put('m1/film.mp4', file), () => store.get('m1/film.mp4', join(scratch, 'film-copy.mp4')), () => store.stat('m1/film.mp4'), () => store.list('m1/')];
    for (const call of calls) {
      const error = await rejection(call());
      expect(error.category).toBe('network');
      expect(error.isRetryable).toBe(true);
      expect(error.message).toMatch(new RegExp(`^Could not reach the S3 server to \\w+ .*s3://${testBucket}/films \\(at ${endpoint}\\) \\(ECONNREFUSED\\): check the endpoint`));
    }
  });

  it('a bucket that does not exist is named, for every call, with how to create it', async () => {
    const store = openStore({ bucket: 'no-such-bucket' });
    const file = await localFile('film.mp4', 'film');
    const calls = [() => store.put('m1/film.mp4', file), () => store.get('m1/film.mp4', join(scratch, 'film-copy.mp4')), () => store.stat('m1/film.mp4'), () => store.list('m1/')];
    for (const call of calls) {
      const error = await rejection(call());
      expect(error.category).toBe('config');
      expect(error.message).toContain('the bucket no-such-bucket does not exist there. Create it (`aws s3 mb s3://no-such-bucket`');
    }
  });

  it('credentials the server refuses: says to check them, and repeats neither key', async () => {
    const store = openStore({ credentials: { accessKeyId: 'AKIAWRONGKEYID', secretAccessKey: 'a-very-secret-access-key' } });
    const error = await rejection(store.put('m1/film.mp4', await localFile('film.mp4', 'film')));
    expect(error.category).toBe('auth');
    expect(error.message).toContain(`Could not put m1/film.mp4 in s3://${testBucket}/${store.prefix} (at ${server.endpoint}): S3 answered 403 InvalidAccessKeyId. Check the credentials`);
    const everything = inspect(error, { depth: 20, showHidden: true }) + JSON.stringify(error);
    expect(everything).not.toContain('AKIAWRONGKEYID');
    expect(everything).not.toContain('a-very-secret-access-key');
  });

  it('no region anywhere: says where to set one', async () => {
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', join(scratch, 'no-config'));
    try {
      const store = s3AssetStore({ bucket: testBucket, endpoint: server.endpoint, credentials: testCredentials });
      stores.push(store);
      const error = await rejection(store.stat('m1/film.mp4'));
      expect(error.message).toBe(`No usable AWS region to stat m1/film.mp4 in s3://${testBucket} (at ${server.endpoint}): set AWS_REGION, or region in s3AssetStore({ region }) or ?region= in the s3:// URL.`);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('an endpoint with a password in it is shown without it', async () => {
    const endpoint = `http://admin:hunter2@127.0.0.1:${await closedPort()}/?token=abc`;
    const store = openStore({ endpoint });
    const error = await rejection(store.stat('m1/film.mp4'));
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('token=abc');
    expect(store.description).toBe(`s3://${testBucket}/${store.prefix}`);
  });

  it('settings that cannot work are refused when the store is made', () => {
    expect(() => s3AssetStore({ bucket: 'films/studio' })).toThrow(ConfigError);
    expect(() => s3AssetStore({ bucket: '' })).toThrow('The S3 bucket name "" is not valid');
    expect(s3AssetStore({ bucket: 'Legacy_Bucket', region: 'us-east-1' }).bucket).toBe('Legacy_Bucket');
    expect(() => s3AssetStore({ bucket: testBucket, prefix: 'films/../other' })).toThrow('The S3 prefix "films/../other" is not valid');
    expect(() => s3AssetStore({ bucket: testBucket, endpoint: 'not a url' })).toThrow('The S3 endpoint is not a URL');
  });
});

describe('close', () => {
  it('leaves a client that was given to the store usable', async () => {
    const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: testCredentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
    const store = s3AssetStore({ bucket: testBucket, prefix: 'given-client', client });
    await store.put('m1/film.mp4', await localFile('film.mp4', 'film'));
    await store.close();
    const head = await client.send(new HeadObjectCommand({ Bucket: testBucket, Key: 'given-client/m1/film.mp4' }));
    expect(head.ContentLength).toBe(4);
    const again = s3AssetStore({ bucket: testBucket, prefix: 'given-client', client });
    await server.empty(again);
    client.destroy();
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, sha256 } from '@cinema/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAssetStoreUrl } from './open-asset-store-url.js';
import { startTestS3Server, testBucket, testCredentials, type TestS3Server } from './testing/index.js';

let server: TestS3Server;
beforeAll(async () => {
  server = await startTestS3Server();
});
afterAll(async () => {
  await server.close();
});

function refusal(url: string): ConfigError {
  try {
    openAssetStoreUrl(url);
  } catch (error) {
    expect(ConfigError.isInstance(error), String(error)).toBe(true);
    return error as ConfigError;
  }
  throw new Error(`${url} was accepted`);
}

describe('openAssetStoreUrl', () => {
  it('opens the bucket and prefix of an s3:// URL, with the server its query names', async () => {
    const store = openAssetStoreUrl(`s3://${testBucket}/url-test/films?endpoint=${encodeURIComponent(server.endpoint)}&region=us-east-1`, { credentials: testCredentials });
    const folder = await mkdtemp(join(tmpdir(), 'cinema-storage-url-'));
    try {
      expect([store.bucket, store.prefix, store.description]).toEqual([testBucket, 'url-test/films', `s3://${testBucket}/url-test/films`]);
      await writeFile(join(folder, 'film.mp4'), 'the film');
      await store.put('m1/film.mp4', { path: join(folder, 'film.mp4'), sha256: sha256('the film'), bytes: 8, mediaType: 'video/mp4' });
      await store.get('m1/film.mp4', join(folder, 'copy', 'film.mp4'));
      expect(await readFile(join(folder, 'copy', 'film.mp4'), 'utf8')).toBe('the film');
      // The path style came from the endpoint's default; the object is where the URL says.
      expect((await store.list('')).map((info) => info.key)).toEqual(['m1/film.mp4']);
      await server.empty(store);
    } finally {
      await store.close();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('takes a bucket with no prefix, forcePathStyle and presignedUrls', async () => {
    const store = openAssetStoreUrl('s3://films.example-studio?forcePathStyle=false&region=eu-west-1&presignedUrls=false');
    expect([store.bucket, store.prefix, store.description]).toEqual(['films.example-studio', '', 's3://films.example-studio']);
    expect(await store.url('m1/film.mp4', { expiresInSeconds: 60 })).toBeUndefined();
    expect(await store.client.config.forcePathStyle).toBe(false);
    expect(await store.client.config.region()).toBe('eu-west-1');
    await store.close();
  });

  it('refuses credentials in the URL without repeating them', () => {
    const error = refusal('s3://AKIAEXAMPLEKEY:secret%2Fvalue@my-bucket/films');
    expect(error.message).toContain('holds credentials');
    expect(error.message).toContain('AWS_ACCESS_KEY_ID');
    expect(error.message).not.toContain('AKIAEXAMPLEKEY');
    expect(error.message).not.toContain('secret');
  });

  it('refuses another scheme, an unknown query field and a bad forcePathStyle, saying what it takes', () => {
    expect(refusal('https://my-bucket.s3.amazonaws.com/films').message).toContain('is not an s3:// URL');
    expect(refusal('s3://my-bucket/films?regoin=eu-west-1').message).toContain('has regoin in its query, which @cinema/storage-s3 does not know: it takes region, endpoint, forcePathStyle, presignedUrls');
    expect(refusal('s3://my-bucket/films?forcePathStyle=yes').message).toContain('forcePathStyle=yes: give true or false');
    expect(refusal('not a url').message).toContain('The storage URL is not a URL. Give it as s3://my-bucket/films');
  });
});

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { s3AssetStore, type S3AssetStore } from '../s3-asset-store.js';
import type { S3AssetStoreSettings } from '../s3-asset-store-settings.js';

/** s3rver's one account: it refuses any other access key id. */
export const testCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const testBucket = 'cinema-test';
/** The bucket README.md's program example uses. */
export const readmeBucket = 'my-films';

/** A real s3rver HTTP server on a free port of 127.0.0.1, its files in a temporary folder. */
export interface TestS3Server {
  endpoint: string;
  /** A store on the test bucket under a prefix no other test uses. */
  openStore(settings?: Partial<S3AssetStoreSettings>): S3AssetStore;
  /** Deletes every object under the store's prefix. */
  empty(store: S3AssetStore): Promise<void>;
  close(): Promise<void>;
}

export async function startTestS3Server(): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'cinema-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: testBucket }, { name: readmeBucket }] });
  replaceObjectsWhole(server);
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    openStore: (settings = {}) => s3AssetStore({ bucket: testBucket, prefix: `test-${randomUUID()}`, endpoint, region: 'us-east-1', credentials: testCredentials, ...settings }),
    async empty(store) {
      const listed = await store.client.send(new ListObjectsV2Command({ Bucket: store.bucket, Prefix: `${store.prefix}/` }));
      for (const object of listed.Contents ?? []) await store.client.send(new DeleteObjectCommand({ Bucket: store.bucket, Key: object.Key }));
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * s3rver writes an object's bytes in place and its metadata after them, so two puts of one key at
 * once can interleave their bytes, or leave one's bytes with the other's sha256. S3 replaces an
 * object whole. Writing one object per key at a time gives s3rver that behaviour. Reads are not
 * held back: a get during a put of the same key could still see a partly written object on
 * s3rver (the tests do not read while they write).
 */
function replaceObjectsWhole(server: S3rver): void {
  const putObject = server.store.putObject.bind(server.store);
  const writing = new Map<string, Promise<unknown>>();
  server.store.putObject = (object) => {
    const id = `${object.bucket}/${object.key}`;
    const done = (writing.get(id) ?? Promise.resolve()).catch(() => undefined).then(() => putObject(object));
    writing.set(id, done);
    return done.finally(() => {
      if (writing.get(id) === done) writing.delete(id);
    });
  };
}

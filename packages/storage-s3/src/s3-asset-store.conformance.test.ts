import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { runAssetStoreConformance } from '@cinema/core/testing';
import { afterAll, beforeAll } from 'vitest';
import type { S3AssetStore } from './s3-asset-store.js';
import { startTestS3Server, type TestS3Server } from './testing/index.js';

let server: TestS3Server;
beforeAll(async () => {
  server = await startTestS3Server();
});
afterAll(async () => {
  await server.close();
});

runAssetStoreConformance('S3 (s3rver)', {
  create: async () => {
    const store = server.openStore();
    // The store is closed before cleanup runs, so cleanup lists and deletes with a client of its own.
    return { store, cleanup: async () => {
      const other = server.openStore({ prefix: store.prefix });
      await server.empty(other);
      await other.close();
    } };
  },
  // Overwrites the object's bytes and keeps the metadata, sha256 and all, that the store put.
  tamper: async (store, key, bytes) => {
    const s3 = store as S3AssetStore;
    const objectKey = `${s3.prefix}/${key}`;
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: objectKey }));
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: objectKey, Body: bytes, Metadata: head.Metadata }));
  },
});

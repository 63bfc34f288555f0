import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'storage-s3',
    include: ['src/**/*.test.ts'],
    // s3rver signs ListObjectsV2 continuation tokens with DES, which Node 20's OpenSSL 3 has only in
    // its legacy provider: without it every list longer than one page fails with a 500.
    execArgv: ['--openssl-legacy-provider'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

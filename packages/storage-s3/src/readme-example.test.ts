import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sha256 } from '@cinema/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readmeBucket, startTestS3Server, testCredentials, type TestS3Server } from './testing/index.js';

const packageFolder = fileURLToPath(new URL('..', import.meta.url));
const workspaceModules = join(packageFolder, '..', '..', 'node_modules');
const readme = readFileSync(join(packageFolder, 'README.md'), 'utf8');
const programExample = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!).find((code) => code.includes('s3AssetStore(') && !code.includes('defineConfig('));

let server: TestS3Server;
let scratch: string;
beforeAll(async () => {
  server = await startTestS3Server();
  scratch = await mkdtemp(join(tmpdir(), 'cinema-storage-s3-readme-'));
});
afterAll(async () => {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
});

it("README.md's program example runs as written against an S3 server", async () => {
  expect(programExample, 'no ```ts block in README.md uses s3AssetStore outside a config').toBeDefined();
  // The example imports @cinema/* as a user's project would; here they resolve to the workspace's.
  await symlink(workspaceModules, join(scratch, 'node_modules'), 'dir');
  await writeFile(join(scratch, 'example.ts'), programExample!);
  const manifest = createRequire(import.meta.url).resolve('jiti/package.json');
  const { bin } = JSON.parse(await readFile(manifest, 'utf8')) as { bin: { jiti: string } };
  const { stdout } = await promisify(execFile)(process.execPath, [join(dirname(manifest), bin.jiti), 'example.ts'], {
    cwd: scratch,
    env: { ...process.env, S3_ENDPOINT: server.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: testCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey },
    timeout: 60_000,
  });
  const picture = 'the bytes of a PNG';
  expect(stdout).toBe(
    `stored m1/characters/char_1_front.png ${picture.length} ${sha256(picture)}\n` +
      `url /${readmeBucket}/studio/m1/characters/char_1_front.png\n` +
      'listed m1/characters/char_1_front.png\n',
  );
  expect(await readFile(join(scratch, 'copy', 'char_1_front.png'), 'utf8')).toBe(picture);
});

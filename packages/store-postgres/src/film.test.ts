import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createMovieMaker, loadConfig } from '@cinema/core';
import type { CinemaConfig, JobStoreV1 } from '@cinema/core';
import { createFakePostProduction, createFakeProvider } from '@cinema/core/testing';
import type { FakeCall } from '@cinema/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectionStringFor, dropSchema, terminateBackends, uniqueSchema } from './test-support/test-database.js';

const workspaceModules = join(dirname(fileURLToPath(import.meta.url)), '../../../node_modules');
const script = 'A storm over the harbour.\n\nAda fixes the radio.\n\nBo lands the plane.\n\nThe lights come back on.';

// The config a user writes (see the README); the test only chooses the database and the schema.
const configFile = `import { defineConfig } from '@cinema/core';
import { createPostgresJobStore } from '@cinema/store-postgres';

export default defineConfig({
  store: createPostgresJobStore({ connectionString: process.env.DATABASE_URL, schema: process.env.CINEMA_TEST_SCHEMA }),
});
`;

let directory: string;
let schema: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'cinema-postgres-film-'));
  // The config imports @cinema/* as a user's project would; here they resolve to the workspace's.
  await symlink(workspaceModules, join(directory, 'node_modules'), 'dir');
  await writeFile(join(directory, 'cinema.config.ts'), configFile);
  schema = uniqueSchema('film');
  vi.stubEnv('DATABASE_URL', connectionStringFor(schema));
  vi.stubEnv('CINEMA_TEST_SCHEMA', schema);
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(directory, { recursive: true, force: true });
  await dropSchema(schema);
});

/** Subjects the provider was asked to make more than once: work paid for twice. */
function madeTwice(calls: readonly FakeCall[]): string[] {
  const made = calls.filter((call) => call.type === 'generate' || call.type === 'start').map((call) => `${call.kind}:${call.subject}`);
  return made.filter((subject, index) => made.indexOf(subject) !== index);
}

async function makeFilm(config: CinemaConfig, during?: (isDone: () => boolean) => Promise<number>) {
  const provider = createFakeProvider({ latencyMs: { text: 20, image: 30, video: 80, speech: 20 } });
  const maker = createMovieMaker({
    ...config,
    models: { writer: provider.textModel(), image: provider.imageModel(), video: provider.videoModel(), speech: provider.speechModel() },
    postProduction: createFakePostProduction(),
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
  });
  let finished = false;
  try {
    const [result, rounds] = await Promise.all([
      maker.generate(script, { baseDir: directory, movieId: 'harbour' }).finally(() => (finished = true)),
      during ? during(() => finished) : Promise.resolve(0),
    ]);
    const summary = await (config.store as JobStoreV1).summarize('harbour');
    return { result, summary, rounds, provider };
  } finally {
    await maker.close();
  }
}

describe('a film made through a cinema.config.ts whose store is PostgreSQL', () => {
  it('the config validates, and the film completes with every job recorded in the database', async () => {
    const config = await loadConfig(join(directory, 'cinema.config.ts'));
    expect((config.store as { description: string }).description).toBe(`postgres://cinema@127.0.0.1:5432/cinema_test (schema ${schema})`);
    const { result, summary, provider } = await makeFilm(config);
    expect(result.status).toBe('completed');
    expect(summary.total).toBeGreaterThan(10);
    expect(summary.completed).toBe(summary.total);
    expect(madeTwice(provider.calls)).toEqual([]);
  });

  it('with its connections cut again and again during the run, the film completes and nothing is made twice', async () => {
    const config = await loadConfig(join(directory, 'cinema.config.ts'));
    const { result, summary, rounds, provider } = await makeFilm(config, async (isDone) => {
      let cut = 0;
      while (!isDone()) {
        await sleep(150);
        if (!isDone() && (await terminateBackends(schema)) > 0) cut++;
      }
      return cut;
    });
    expect(rounds).toBeGreaterThanOrEqual(2);
    expect(result.status).toBe('completed');
    expect(summary.completed).toBe(summary.total);
    expect(madeTwice(provider.calls)).toEqual([]);
  });
});

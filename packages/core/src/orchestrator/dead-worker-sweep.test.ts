import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMovieMaker } from '../config/create-movie-maker.js';
import { MemoryJobStore } from '../job-store/memory-job-store.js';
import type { Job } from '../job-store/v1/index.js';
import { createFakePostProduction } from '../testing/fake-post-production.js';
import { createFakeProvider } from '../testing/fake-provider.js';

let baseDir: string;
beforeEach(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'cinema-sweep-'));
});
afterEach(() => rm(baseDir, { recursive: true, force: true }));

describe('a live run and a worker that died beside it', () => {
  it('takes back the jobs of a process of this host that is gone while the run goes on, without waiting for their lease', async () => {
    const provider = createFakeProvider();
    const store = new MemoryJobStore();
    const maker = createMovieMaker(
      { store, models: { writer: provider.textModel(), image: provider.imageModel(), video: provider.videoModel(), speech: provider.speechModel() }, postProduction: createFakePostProduction() },
      { orchestrator: { sweepMs: 50, idlePollMs: 20 } },
    );
    // A worker on this host (no process has this pid) takes a job once the run is under way, with
    // a lease that would outlast the test, and dies holding it.
    const deadWorker = `${hostname()}:${2 ** 22 + 4321}:dead`;
    let taken: Promise<Job[]> | undefined;
    const result = await maker.generate('A storm over the harbour.\n\nAda fixes the radio.', {
      baseDir,
      movieId: 'swept',
      onEvent: (event) => {
        if (event.type === 'job:completed' && event.stage === 'screenplay') {
          taken ??= store.claim({ movieId: 'swept', workerId: deadWorker, limit: 1, leaseMs: 3_600_000, now: Date.now() });
        }
      },
    });
    const [orphan] = (await taken)!;
    expect(orphan).toBeDefined();
    expect(result.status).toBe('completed');
    const after = await store.getJob('swept', orphan!.key);
    expect(after).toMatchObject({ status: 'completed', attempts: 2 });
    expect(after!.leaseOwner).not.toBe(deadWorker);
  });
});

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { CinemaEvent } from '@cinema/core';
import { createReplicateEmulator } from '@cinema/provider-replicate/testing';
import { createPostgresJobStore } from '@cinema/store-postgres';
import { describe, expect, it } from 'vitest';
import { probeFilm } from './film-process.js';
import { startPrivatePostgres } from './private-postgres.js';
import { scratchSpace } from './scratch.js';
import { startCinema, waitFor } from './worker-process.js';

const config = fileURLToPath(new URL('./fixtures/many-workers.config.mjs', import.meta.url));
const script = fileURLToPath(new URL('./fixtures/six-scenes.fountain', import.meta.url));
const videoModel = 'kwaivgi/kling-v2.1';
const movieId = 'harbour-night';
const token = 'r8_test-SECRET-postgres-restart';
const scratch = scratchSpace('cinema-pg-restart-');

describe('a film whose PostgreSQL job store restarts twice while it is made', () => {
  it('completes with every job made once and no clip submitted twice, through a clean restart and a crash', async () => {
    const postgres = await startPrivatePostgres();
    scratch.cleanups.push(() => postgres.stop());
    const emulator = await createReplicateEmulator({ token });
    scratch.cleanups.push(() => emulator.close());
    // About 2 s a clip, so that both restarts land while clips are with the provider.
    emulator.behave(videoModel, { pendingStatuses: ['starting', ...Array<'processing'>(40).fill('processing')] });
    const root = scratch.tempDir();
    const run = startCinema(['generate', script, '--id', movieId, '--json', '--store', postgres.url, '--config', config, '--out', join(root, 'films')], {
      cwd: root,
      env: { REPLICATE_API_TOKEN: token, CINEMA_REPLICATE_URL: emulator.baseURL },
    });
    scratch.cleanups.push(() => void run.child.kill('SIGKILL'));
    const store = createPostgresJobStore({ connectionString: postgres.url });
    scratch.cleanups.push(() => store.close());
    const videos = () => store.listJobs(movieId, { stage: 'videos' });

    await waitFor('a clip with the provider', async () => ((await videos()).some((job) => job.status === 'waiting') ? true : undefined));
    postgres.restart('fast');
    await waitFor('a clip made after the first restart, with another still to come', async () => {
      const clips = await videos();
      return clips.some((job) => job.status === 'completed') && clips.some((job) => job.status === 'waiting') ? true : undefined;
    });
    postgres.restart('immediate');

    const { code } = await run.exited;
    // The server did go away twice under the run: a clean shutdown, then a crash it recovered from.
    const log = postgres.serverLog();
    expect(log.match(/database system is ready to accept connections/g)).toHaveLength(3);
    expect(log).toMatch(/database system was not properly shut down; automatic recovery in progress/);
    expect(run.stderr.split('\n').filter((line) => /error/i.test(line))).toEqual([]);
    expect(code).toBe(0);
    const jobs = await store.listJobs(movieId);
    expect(jobs.filter((job) => job.status !== 'completed').map((job) => `${job.key}: ${job.status}`)).toEqual([]);
    const clips = jobs.filter((job) => job.stage === 'videos');
    expect(clips).toHaveLength(6);
    // No accepted request was made twice, and no finished job ran again.
    expect(emulator.predictionsCreated(videoModel)).toBe(clips.length);
    const events = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{"type":"'))
      .map((line) => JSON.parse(line) as CinemaEvent);
    const completed = new Set<string>();
    for (const event of events) {
      if (event.type === 'job:completed') {
        expect(completed.has(event.key), `${event.key} completed twice`).toBe(false);
        completed.add(event.key);
      }
      if (event.type === 'job:started') expect(completed.has(event.key), `${event.key} started after it completed`).toBe(false);
    }
    expect(completed.size).toBe(jobs.length);
    const film = await probeFilm(join(root, 'films', movieId, 'output', `${movieId}_final.mp4`));
    expect(film.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
    expect(JSON.stringify(jobs)).not.toContain(token);
  }, 180_000);
});

import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CinemaEvent, Job } from '@cinema/core';
import { createReplicateEmulator } from '@cinema/provider-replicate/testing';
import { startTestS3Server, testBucket, testCredentials } from '@cinema/storage-s3/testing';
import { createPostgresJobStore } from '@cinema/store-postgres';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { probeFilm } from './film-process.js';
import { scratchSpace } from './scratch.js';
import { type CinemaProcess, runCinema, startCinema, waitFor } from './worker-process.js';

const config = fileURLToPath(new URL('./fixtures/many-workers.config.mjs', import.meta.url));
const script = fileURLToPath(new URL('./fixtures/six-scenes.fountain', import.meta.url));
const videoModel = 'kwaivgi/kling-v2.1';
const movieId = 'harbour-night';
const token = 'r8_test-SECRET-many-workers';
const scratch = scratchSpace('cinema-workers-');

function databaseUrl(): string {
  const url = process.env['CINEMA_TEST_DATABASE_URL'];
  if (!url) {
    throw new Error('These tests need PostgreSQL: set CINEMA_TEST_DATABASE_URL. From the repository root: sudo pg_ctlcluster 15 main start, then eval "$(scripts/start-test-postgres.sh)"');
  }
  return url;
}

/** A schema of its own for the test, dropped afterwards. */
function freshSchema(url: string): string {
  const schema = `workers_${process.pid}_${Date.now().toString(36)}`;
  scratch.cleanups.push(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });
  return schema;
}

/** The run events a `cinema worker --json` printed, one JSON object a line. */
function eventsOf(worker: CinemaProcess): CinemaEvent[] {
  return worker.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"type":"'))
    .map((line) => JSON.parse(line) as CinemaEvent)
    .filter((event) => 'movieId' in event);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('a film made by three `cinema worker` processes on one PostgreSQL store and one bucket', () => {
  it('completes through a SIGKILL and a SIGTERM, runs no finished job twice, submits no clip twice, and every stored file matches its job', async () => {
    const url = databaseUrl();
    const schema = freshSchema(url);
    const storeUrl = `${url}${url.includes('?') ? '&' : '?'}schema=${schema}`;
    const root = scratch.tempDir();
    const s3 = await startTestS3Server();
    scratch.cleanups.push(() => s3.close());
    const prefix = `workers-${randomUUID()}`;
    const bucket = s3.openStore({ prefix });
    scratch.cleanups.push(() => bucket.close());
    const storageUrl = `s3://${testBucket}/${prefix}?endpoint=${encodeURIComponent(s3.endpoint)}&region=us-east-1&forcePathStyle=true`;
    const emulator = await createReplicateEmulator({ token });
    scratch.cleanups.push(() => emulator.close());
    // Long enough (about 2 s a clip at the provider's 50 ms polls) for kills to land mid-job.
    emulator.behave(videoModel, { pendingStatuses: ['starting', ...Array<'processing'>(40).fill('processing')] });
    // The bucket's credentials come from the environment, as the AWS SDK's chain reads them.
    const env = { REPLICATE_API_TOKEN: token, CINEMA_REPLICATE_URL: emulator.baseURL, AWS_ACCESS_KEY_ID: testCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey };
    const shared = ['--store', storeUrl, '--storage', storageUrl, '--config', config];
    const machine = (name: string) => ['--out', join(root, name)];

    const planned = await runCinema(['generate', script, '--id', movieId, '--detach', ...shared, ...machine('planner')], { cwd: root, env });
    expect(planned.stderr).toBe('');
    expect(planned.stdout).toMatch(/Planned\. \d+ job\(s\) of harbour-night wait in the job store for workers/);

    const store = createPostgresJobStore({ connectionString: url, schema });
    scratch.cleanups.push(() => store.close());
    const workers: CinemaProcess[] = [];
    const startWorker = (name: string) => {
      const worker = startCinema(['worker', '--json', ...shared, ...machine(name)], { cwd: root, env });
      workers.push(worker);
      scratch.cleanups.push(() => void worker.child.kill('SIGKILL'));
      return worker;
    };
    const started = [startWorker('one'), startWorker('two'), startWorker('three')];
    const pidOf = (job: Job) => Number(job.leaseOwner?.split(':')[1]);
    const holder = (jobs: Job[], among: CinemaProcess[]) => among.find((worker) => jobs.some((job) => pidOf(job) === worker.child.pid));
    const activeJobs = async () => [...(await store.listJobs(movieId, { status: 'in_progress' })), ...(await store.listJobs(movieId, { status: 'waiting' }))];

    // One worker dies with a clip submitted and not finished; another is asked to stop while it runs a job.
    const killedJob = await waitFor('a worker to hold a submitted clip', async () => (await store.listJobs(movieId, { status: 'waiting' })).find((job) => job.stage === 'videos')).catch((error) => {
      for (const worker of started) console.log(worker.stdout.slice(-3000), worker.stderr.slice(-2000));
      throw error;
    });
    const killed = started.find((worker) => worker.child.pid === pidOf(killedJob))!;
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    const alive = started.filter((worker) => worker !== killed);
    const stopped = await waitFor('another worker to hold a job', async () => holder(await activeJobs(), alive));
    stopped.child.kill('SIGTERM');
    expect(await stopped.exited).toEqual({ code: 0, signal: null });
    expect(stopped.stdout + stopped.stderr).not.toMatch(/"type":"job:failed"|error/i);
    // It handed its jobs back: none is leased to it any more.
    expect((await activeJobs()).filter((job) => pidOf(job) === stopped.child.pid)).toEqual([]);
    const third = alive.find((worker) => worker !== stopped)!;
    // A replacement comes up on another machine folder; the dead worker's jobs are taken back.
    const fourth = startWorker('four');

    const status = await waitFor(
      'the film',
      async () => {
        const run = await runCinema(['status', movieId, '--json', ...shared, ...machine('watcher')], { cwd: root, env });
        const parsed = JSON.parse(run.stdout) as { status: string; finalVideo: string | null; completed: number; total: number };
        return parsed.status === 'completed' ? parsed : undefined;
      },
      180_000,
    );
    for (const worker of [third, fourth]) worker.child.kill('SIGTERM');
    for (const worker of [third, fourth]) expect((await worker.exited).code).toBe(0);

    // `cinema status` from a machine that made nothing shows the film where the bucket holds it.
    expect(status.completed).toBe(status.total);
    expect(status.finalVideo).toBe(`${bucket.description}/${movieId}/output/${movieId}_final.mp4`);
    const jobs = await store.listJobs(movieId);
    expect(jobs.every((job) => job.status === 'completed')).toBe(true);
    const clips = jobs.filter((job) => job.stage === 'videos');
    expect(clips.length).toBe(6);
    expect(clips.some((job) => job.key === killedJob.key)).toBe(true);

    // No accepted provider request was made twice: one prediction per clip, each for another shot.
    expect(emulator.predictionsCreated(videoModel)).toBe(clips.length);
    expect(new Set(emulator.predictions.map((prediction) => JSON.stringify(prediction.input.prompt))).size).toBe(clips.length);
    expect(emulator.requests.every((request) => !request.containsToken)).toBe(true);

    // No job that had completed was started again, by any worker.
    const events = workers.flatMap(eventsOf).sort((a, b) => a.at - b.at);
    const completedAt = new Map<string, number>();
    for (const event of events) {
      if (event.type === 'job:completed') {
        expect(completedAt.has(event.key), `${event.key} completed twice`).toBe(false);
        completedAt.set(event.key, event.at);
      }
      if (event.type === 'job:started') expect(completedAt.has(event.key), `${event.key} started after it completed`).toBe(false);
    }
    expect(completedAt.size).toBeGreaterThan(jobs.length - 3);

    // Every file in the bucket is the version its job recorded (its bytes hashed here, not the
    // checksum the bucket keeps beside them); the film plays.
    const downloads = scratch.tempDir();
    for (const [index, output] of jobs.flatMap((job) => job.outputs).entries()) {
      const copy = join(downloads, `${index}`);
      await bucket.get(`${movieId}/${output.path}`, copy);
      expect(sha256(await readFile(copy)), output.path).toBe(output.sha256);
    }
    const film = join(downloads, `${movieId}_final.mp4`);
    await bucket.get(`${movieId}/output/${movieId}_final.mp4`, film);
    const probed = await probeFilm(film);
    expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
    expect(Number(probed.format.duration)).toBeGreaterThan(6);
    // API keys never reach the store.
    expect(JSON.stringify(jobs)).not.toContain(token);
  }, 240_000);
});

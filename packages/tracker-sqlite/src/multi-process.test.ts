import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobSpec } from '@cinema/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteJobStore } from './sqlite-job-store.js';

const worker = fileURLToPath(new URL('./__fixtures__/claim-worker.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

interface WorkerEvent {
  key: string;
  lane: string;
  attempts: number;
  start: string;
  end: string;
  completed: boolean;
}

interface WorkerReport {
  workerId: string;
  events: WorkerEvent[];
}

const laneConcurrency = { narrow: 2, medium: 3 };
/** One job in ten goes to the narrow lane, three to the medium one, the rest are unlimited. */
function laneOf(index: number): string {
  const slot = index % 10;
  return slot === 0 ? 'narrow' : slot <= 3 ? 'medium' : 'free';
}

function runWorkers(path: string, movieId: string, count: number, directory: string): Promise<WorkerReport[]> {
  const children = Array.from({ length: count }, (_, index) => {
    const outFile = join(directory, `worker-${index}.json`);
    const child = spawn(process.execPath, [worker, path, movieId, `worker-${index}`, JSON.stringify(laneConcurrency), outFile, 'NORMAL'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => stdout.includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`worker ${index} exited (${code}) before it was ready: ${stderr}`)));
    });
    const done = new Promise<WorkerReport>((resolve, reject) => {
      child.once('exit', (code) => {
        if (code !== 0) reject(new Error(`worker ${index} exited with ${code}: ${stderr}`));
        else resolve(JSON.parse(readFileSync(outFile, 'utf8')) as WorkerReport);
      });
    });
    return { child, ready, done };
  });
  // Start them together so they really compete.
  return Promise.all(children.map((entry) => entry.ready)).then(() => {
    for (const { child } of children) child.stdin.end('go\n');
    return Promise.all(children.map((entry) => entry.done));
  });
}

/** The most jobs of `lane` held at once, from intervals that lie inside the real lease times. */
function peakConcurrency(events: WorkerEvent[]): number {
  const edges = events.flatMap((event) => [
    { at: BigInt(event.start), delta: 1 },
    { at: BigInt(event.end), delta: -1 },
  ]);
  edges.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.delta - b.delta));
  let current = 0;
  let peak = 0;
  for (const edge of edges) {
    current += edge.delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

describe('SqliteJobStore across processes', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'cinema-sqlite-processes-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('4 processes complete 2,000 jobs exactly once, within lane concurrency and dependencies', async () => {
    expect(existsSync(dist), `${dist} is missing: run \`npm run build -w packages/tracker-sqlite\` first`).toBe(true);
    const path = join(directory, 'cinema.db');
    const movieId = 'movie';
    const store = await createSqliteJobStore({ path, synchronous: 'NORMAL' });
    await store.createMovie({ id: movieId, input: null, now: Date.now() });
    const specs: JobSpec[] = [];
    for (let index = 0; index < 1800; index++) {
      specs.push({ key: `base-${index}`, stage: 'keyframes', lane: laneOf(index), input: { index }, inputHash: String(index), dependsOn: [], priority: index % 5 });
    }
    for (let index = 0; index < 200; index++) {
      const dependsOn = [`base-${(index * 7) % 1800}`, `base-${(index * 13 + 1) % 1800}`, `base-${(index * 29 + 2) % 1800}`];
      specs.push({ key: `child-${index}`, stage: 'video', lane: laneOf(index), input: { index }, inputHash: String(index), dependsOn });
    }
    expect(await store.enqueue(movieId, specs, Date.now())).toEqual({ created: 2000, updated: 0 });

    const reports = await runWorkers(path, movieId, 4, directory);
    const events = reports.flatMap((report) => report.events);

    // Every job claimed once, completed once, on its first attempt.
    expect(events).toHaveLength(2000);
    expect(events.every((event) => event.completed && event.attempts === 1)).toBe(true);
    expect(new Set(events.map((event) => event.key)).size).toBe(2000);
    const summary = await store.summarize(movieId);
    expect(summary).toMatchObject({ total: 2000, completed: 2000, pending: 0, inProgress: 0, waiting: 0, failed: 0 });
    expect(summary.costUsd).toBeCloseTo(2, 9);
    const jobs = await store.listJobs(movieId);
    expect(jobs.every((job) => job.status === 'completed' && job.attempts === 1 && job.leaseToken === 1)).toBe(true);
    for (const report of reports) expect(report.events.length, `${report.workerId} did some of the work`).toBeGreaterThan(0);

    // Lane concurrency never exceeded across processes.
    for (const [lane, limit] of Object.entries(laneConcurrency)) {
      const peak = peakConcurrency(events.filter((event) => event.lane === lane));
      expect(peak, `peak concurrency of lane ${lane}`).toBeLessThanOrEqual(limit);
    }

    // A dependent started only after all of its parents finished.
    const byKey = new Map(events.map((event) => [event.key, event]));
    for (const spec of specs.filter((candidate) => candidate.dependsOn.length > 0)) {
      const started = BigInt(byKey.get(spec.key)!.start);
      for (const parent of spec.dependsOn) expect(started >= BigInt(byKey.get(parent)!.end), `${spec.key} after ${parent}`).toBe(true);
    }
    await store.close();
  });

  it('a worker killed with SIGKILL leaves a consistent store whose in-flight jobs are reclaimed once', async () => {
    expect(existsSync(dist), `${dist} is missing: run \`npm run build -w packages/tracker-sqlite\` first`).toBe(true);
    const path = join(directory, 'killed.db');
    const movieId = 'movie';
    const store = await createSqliteJobStore({ path });
    await store.createMovie({ id: movieId, input: null, now: Date.now() });
    const specs = Array.from({ length: 400 }, (_, index): JobSpec => ({ key: `job-${index}`, stage: 's', lane: 'narrow', input: index, inputHash: String(index), dependsOn: [] }));
    await store.enqueue(movieId, specs, Date.now());

    const child = spawn(process.execPath, [worker, path, movieId, 'doomed', JSON.stringify(laneConcurrency), join(directory, 'doomed.json'), 'FULL'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdin.end('go\n');
    for (;;) {
      if ((await store.summarize(movieId)).completed >= 50) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const completedBefore = (await store.listJobs(movieId, { status: 'completed' })).map((job) => job.key);
    const inFlight = (await store.listJobs(movieId)).filter((job) => job.status === 'in_progress').map((job) => job.key);
    expect(completedBefore.length).toBeGreaterThanOrEqual(50);
    expect(inFlight.length).toBeLessThanOrEqual(laneConcurrency.narrow);
    // The dead worker's leases run for 10 minutes; the sweep after they expire hands the jobs back.
    const later = Date.now() + 600_001;
    expect(await store.reclaimExpired(movieId, later)).toBe(inFlight.length);

    let finished = 0;
    for (;;) {
      const jobs = await store.claim({ movieId, workerId: 'survivor', limit: 10, leaseMs: 60_000, now: later });
      if (jobs.length === 0) break;
      for (const job of jobs) if (await store.complete({ movieId, key: job.key, token: job.leaseToken }, { outputs: [], costUsd: 0 }, later)) finished++;
    }
    const jobs = await store.listJobs(movieId);
    expect(jobs.every((job) => job.status === 'completed')).toBe(true);
    expect(finished).toBe(400 - completedBefore.length);
    for (const job of jobs) expect(job.attempts, job.key).toBe(inFlight.includes(job.key) ? 2 : 1);
    await store.close();
  });
});

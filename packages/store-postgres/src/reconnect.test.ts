import { execSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Job, JobSpec } from '@cinema/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresJobStore } from './postgres-job-store.js';
import type { PostgresJobStore } from './postgres-job-store.js';
import { connectionStringFor, dropSchema, terminateBackends, testDatabaseUrl, uniqueSchema } from './test-support/test-database.js';

const movieId = 'chaos';
const jobCount = 80;
const laneConcurrency = { fal: 3, openai: 2 };

/**
 * How the database goes away. By default this test's own connections are terminated
 * (`pg_terminate_backend`), which other test files sharing the server do not notice. With
 * CINEMA_TEST_RESTART_COMMAND (e.g. `pg_ctlcluster 15 main restart`) the whole server is restarted
 * instead: run this file alone then, as the restart drops every connection on the server.
 */
const restartCommand = process.env['CINEMA_TEST_RESTART_COMMAND'];

function specs(): JobSpec[] {
  return Array.from({ length: jobCount }, (_, index) => ({
    key: `job-${String(index).padStart(2, '0')}`,
    stage: 'keyframes',
    lane: index % 3 === 0 ? 'openai' : 'fal',
    input: { index },
    inputHash: String(index),
    // Later jobs wait for earlier ones, so completions unblock claims throughout the run.
    dependsOn: index >= 10 ? [`job-${String(index - 10).padStart(2, '0')}`] : [],
  }));
}

interface WorkLog {
  /** Every job a claim handed out: the work a worker would start (and pay for). */
  started: string[];
  /** Every completion the store accepted. */
  completed: string[];
  /** Writes refused by the fence: a worker that lost a lease it thought it held. */
  fenced: string[];
}

async function work(store: PostgresJobStore, workerId: string, log: WorkLog): Promise<void> {
  for (;;) {
    const claimed = await store.claim({ movieId, workerId, limit: 2, leaseMs: 60_000, now: Date.now(), laneConcurrency });
    if (claimed.length === 0) {
      const summary = await store.summarize(movieId);
      if (summary.completed === summary.total) return;
      await sleep(5);
      continue;
    }
    await Promise.all(claimed.map((job) => run(store, job, log)));
  }
}

async function run(store: PostgresJobStore, job: Job, log: WorkLog): Promise<void> {
  log.started.push(job.key);
  const lease = { movieId, key: job.key, token: job.leaseToken };
  const steps: (() => Promise<boolean>)[] = [
    () => store.setSubmitKey(lease, `submit-${job.key}`, Date.now()),
    () => store.markSubmitted(lease, { requestId: `request-${job.key}` }, Date.now()),
    () => store.heartbeat(lease, 60_000, Date.now()),
    () => store.complete(lease, { outputs: [], result: { by: job.key }, costUsd: 0.01 }, Date.now()),
  ];
  for (const [index, step] of steps.entries()) {
    await sleep(5 + Math.random() * 20);
    if (!(await step())) {
      log.fenced.push(job.key);
      return;
    }
    if (index === steps.length - 1) log.completed.push(job.key);
  }
}

/** Takes the database away every `everyMs` until `done`; returns how many times it did. */
async function chaos(applicationName: string, done: () => boolean): Promise<number> {
  let rounds = 0;
  while (!done()) {
    await sleep(restartCommand ? 700 : 120);
    if (done()) break;
    if (restartCommand) {
      execSync(restartCommand, { stdio: 'ignore' });
      rounds++;
      if (rounds >= 2) break;
    } else if ((await terminateBackends(applicationName)) > 0) {
      rounds++;
    }
  }
  return rounds;
}

let schema: string;
let stores: PostgresJobStore[];

beforeEach(() => {
  schema = uniqueSchema('chaos');
  stores = [];
});

afterEach(async () => {
  for (const store of stores) await store.close();
  await dropSchema(schema);
});

describe('the database going away mid-run', () => {
  it('two workers on two pools: every job completes once, none is started twice, no lease is lost', async () => {
    const applicationName = schema;
    for (let index = 0; index < 2; index++) stores.push(createPostgresJobStore({ connectionString: connectionStringFor(applicationName), schema, maxConnections: 4 }));
    const [first, second] = stores as [PostgresJobStore, PostgresJobStore];
    await first.createMovie({ id: movieId, input: null, now: Date.now() });
    await first.enqueue(movieId, specs(), Date.now());

    const log: WorkLog = { started: [], completed: [], fenced: [] };
    let finished = false;
    const workers = Promise.all([first, first, first, second, second, second].map((store, index) => work(store, `worker-${index}`, log))).finally(() => {
      finished = true;
    });
    const [rounds] = await Promise.all([chaos(applicationName, () => finished), workers]);

    // The database went away while jobs ran, more than once.
    expect(rounds).toBeGreaterThanOrEqual(2);
    const keys = specs().map((spec) => spec.key);
    expect(log.fenced).toEqual([]);
    expect([...log.started].sort()).toEqual(keys);
    expect([...log.completed].sort()).toEqual(keys);
    const jobs = await first.listJobs(movieId);
    expect(jobs.filter((job) => job.status === 'completed')).toHaveLength(jobCount);
    expect(jobs.filter((job) => job.attempts !== 1 || job.leaseToken !== 1).map((job) => job.key)).toEqual([]);
    expect((await first.summarize(movieId)).costUsd).toBeCloseTo(jobCount * 0.01, 9);
  });
});

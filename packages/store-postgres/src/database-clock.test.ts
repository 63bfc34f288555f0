import type { ClaimRequest, JobSpec } from '@cinema/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresJobStore } from './postgres-job-store.js';
import type { PostgresJobStore } from './postgres-job-store.js';
import { adminQuery, dropSchema, testDatabaseUrl, uniqueSchema } from './test-support/test-database.js';

const movieId = 'skewed';
const tenMinutes = 10 * 60_000;

function spec(key: string): JobSpec {
  return { key, stage: 'keyframes', lane: 'fal', input: { key }, inputHash: key, dependsOn: [] };
}

/** PostgreSQL's now() in ms: the clock the store's leases run on by default. */
async function databaseNow(): Promise<number> {
  const [row] = await adminQuery<{ now: string }>('select (extract(epoch from now()) * 1000)::bigint as now');
  return Number(row!.now);
}

let schema: string;
let stores: PostgresJobStore[];

function openStore(clock?: 'database' | 'caller'): PostgresJobStore {
  const store = createPostgresJobStore({ connectionString: testDatabaseUrl(), schema, ...(clock ? { clock } : {}) });
  stores.push(store);
  return store;
}

beforeEach(async () => {
  schema = uniqueSchema('clock');
  stores = [];
  await openStore().createMovie({ id: movieId, input: null, now: Date.now() });
});

afterEach(async () => {
  for (const store of stores) await store.close();
  await dropSchema(schema);
});

/** Two workers on machines whose clocks disagree by 20 minutes, as in durable-jobs.md §5 (16). */
function claim(store: PostgresJobStore, workerId: string, skewMs: number, overrides: Partial<ClaimRequest> = {}) {
  return store.claim({ movieId, workerId, limit: 1, leaseMs: 60_000, now: Date.now() + skewMs, ...overrides });
}

describe('leases on the database clock (the default)', () => {
  it('a worker whose clock runs 10 minutes fast cannot take a live lease from another', async () => {
    const slow = openStore();
    const fast = openStore();
    await slow.enqueue(movieId, [spec('a')], Date.now() - tenMinutes);
    const before = await databaseNow();
    const [job] = await claim(slow, 'slow', -tenMinutes);
    const after = await databaseNow();
    // The lease runs out 60 s after the database's now, not after the slow worker's.
    expect(job!.leaseExpiresAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(job!.leaseExpiresAt).toBeLessThanOrEqual(after + 60_000);
    expect(await fast.reclaimExpired(movieId, Date.now() + tenMinutes)).toBe(0);
    expect(await slow.heartbeat({ movieId, key: 'a', token: job!.leaseToken }, 60_000, Date.now() - tenMinutes)).toBe(true);
    expect(await slow.complete({ movieId, key: 'a', token: job!.leaseToken }, { outputs: [], costUsd: 0 }, Date.now() - tenMinutes)).toBe(true);
  });

  it('a worker whose clock runs 10 minutes slow cannot keep a lease alive past its end', async () => {
    const store = openStore();
    await store.enqueue(movieId, [spec('a')], Date.now());
    // A lease of 0 ms ran out the moment it was taken, whatever the worker's clock says.
    const [job] = await claim(store, 'dead', 0, { leaseMs: 0 });
    expect(await openStore().reclaimExpired(movieId, Date.now() - tenMinutes)).toBe(1);
    expect(await store.heartbeat({ movieId, key: 'a', token: job!.leaseToken }, 60_000, Date.now())).toBe(false);
    expect(await store.getJob(movieId, 'a')).toMatchObject({ status: 'pending', attempts: 1, leaseOwner: null });
  });

  it('a retry is due as long after the database\'s now as the worker asked, and no worker claims it early', async () => {
    const store = openStore();
    await store.enqueue(movieId, [spec('a')], Date.now());
    const [job] = await claim(store, 'w', -tenMinutes);
    const workerNow = Date.now() - tenMinutes;
    const before = await databaseNow();
    await store.fail({ movieId, key: 'a', token: job!.leaseToken }, { error: { message: 'busy', category: 'server', isRetryable: true }, retryAt: workerNow + 30_000, consumeAttempt: true }, workerNow);
    const failed = await store.getJob(movieId, 'a');
    expect(failed!.runAt).toBeGreaterThanOrEqual(before + 30_000);
    expect(failed!.runAt).toBeLessThanOrEqual((await databaseNow()) + 30_000);
    expect(failed!.errors[0]!.at).toBeGreaterThanOrEqual(before);
    expect(await claim(openStore(), 'fast', tenMinutes)).toEqual([]);
  });

  it('the same calls on the callers\' clocks let the fast worker take the live lease: what the default prevents', async () => {
    const slow = openStore('caller');
    const fast = openStore('caller');
    await slow.enqueue(movieId, [spec('a')], Date.now() - tenMinutes);
    const [job] = await claim(slow, 'slow', -tenMinutes);
    expect(await fast.reclaimExpired(movieId, Date.now() + tenMinutes)).toBe(1);
    expect(await slow.complete({ movieId, key: 'a', token: job!.leaseToken }, { outputs: [], costUsd: 0 }, Date.now() - tenMinutes)).toBe(false);
  });

  it('times on jobs and movies are the database\'s', async () => {
    const store = openStore();
    const before = await databaseNow();
    const movie = await store.createMovie({ id: 'second', input: null, now: 0 });
    await store.enqueue('second', [spec('a')], 0);
    const job = await store.getJob('second', 'a');
    const after = await databaseNow();
    for (const time of [movie.createdAt, job!.createdAt, job!.runAt, job!.updatedAt]) {
      expect(time).toBeGreaterThanOrEqual(before);
      expect(time).toBeLessThanOrEqual(after);
    }
  });
});

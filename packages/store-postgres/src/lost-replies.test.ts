import type { JobSpec } from '@cinema/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresJobStore } from './postgres-job-store.js';
import type { PostgresJobStore } from './postgres-job-store.js';
import { ReplyLosingPool } from './test-support/reply-losing-pool.js';
import { dropSchema, testDatabaseUrl, uniqueSchema } from './test-support/test-database.js';

const movieId = 'lost-replies';
const now = 1_700_000_000_000;

function spec(key: string, overrides: Partial<JobSpec> = {}): JobSpec {
  return { key, stage: 'keyframes', lane: 'fal', input: { key }, inputHash: key, dependsOn: [], ...overrides };
}

let schema: string;
let pool: ReplyLosingPool;
let store: PostgresJobStore;

beforeEach(async () => {
  schema = uniqueSchema('lost');
  pool = new ReplyLosingPool(testDatabaseUrl());
  store = createPostgresJobStore({ pool, schema, clock: 'caller' });
  await store.createMovie({ id: movieId, input: null, now });
  await store.enqueue(movieId, [spec('a'), spec('b', { priority: 1 }), spec('c', { dependsOn: ['a'] })], now);
});

afterEach(async () => {
  await store.close();
  await pool.end();
  await dropSchema(schema);
});

// The store cannot know whether a write whose reply was lost was committed. It tries again, and the
// try finds what the lost one did instead of doing it a second time.
describe('a write whose reply is lost is not made twice', () => {
  it('a claim: the retry hands out the job the lost reply leased, and leases no other', async () => {
    pool.loseNextReplyTo((sql) => /"claim_id"/.test(sql) && /skip locked/.test(sql));
    const claimed = await store.claim({ movieId, workerId: 'w', limit: 1, leaseMs: 60_000, now });
    expect(pool.lost).toHaveLength(1);
    expect(claimed.map((job) => [job.key, job.attempts, job.leaseToken])).toEqual([['a', 1, 1]]);
    expect(await store.getJob(movieId, 'b')).toMatchObject({ status: 'pending', attempts: 0, leaseToken: 0 });
  });

  it('a claim within lane limits: the lost commit is found, and the lane counts it', async () => {
    pool.loseNextReplyTo((sql) => sql === 'commit');
    const claimed = await store.claim({ movieId, workerId: 'w', limit: 1, leaseMs: 60_000, now, laneConcurrency: { fal: 1 } });
    expect(pool.lost).toEqual(['commit']);
    expect(claimed.map((job) => [job.key, job.attempts])).toEqual([['a', 1]]);
    expect(await store.claim({ movieId, workerId: 'w', limit: 1, leaseMs: 60_000, now, laneConcurrency: { fal: 1 } })).toEqual([]);
  });

  it('a completion: the worker hears that its job completed, and the cost is counted once', async () => {
    const [job] = await store.claim({ movieId, workerId: 'w', limit: 1, leaseMs: 60_000, now });
    pool.loseNextReplyTo((sql) => /^with "done"/.test(sql));
    expect(await store.complete({ movieId, key: job!.key, token: job!.leaseToken }, { outputs: [], costUsd: 1.5 }, now)).toBe(true);
    expect(pool.lost).toHaveLength(1);
    expect(await store.getJob(movieId, 'a')).toMatchObject({ status: 'completed', costUsd: 1.5, take: 1 });
    expect(await store.getJob(movieId, 'c')).toMatchObject({ pendingDependencies: 0 });
    // A later write with the finished lease is still refused.
    expect(await store.complete({ movieId, key: 'a', token: job!.leaseToken }, { outputs: [], costUsd: 1 }, now)).toBe(false);
  });

  it('an enqueue: the retry finds the jobs made, and makes none twice', async () => {
    pool.loseNextReplyTo((sql) => sql === 'commit');
    await store.enqueue(movieId, [spec('d'), spec('e', { dependsOn: ['d'] })], now);
    expect(pool.lost).toEqual(['commit']);
    expect((await store.listJobs(movieId)).map((job) => job.key).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await store.getJob(movieId, 'e')).toMatchObject({ pendingDependencies: 1, dependsOn: ['d'] });
  });
});

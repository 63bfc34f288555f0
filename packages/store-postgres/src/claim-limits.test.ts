import { setTimeout as sleep } from 'node:timers/promises';
import type { ClaimRequest, Job, JobSpec } from '@cinema/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresJobStore } from './postgres-job-store.js';
import type { PostgresJobStore } from './postgres-job-store.js';
import { dropSchema, testDatabaseUrl, uniqueSchema } from './test-support/test-database.js';

const movieId = 'limits';
const laneConcurrency = { narrow: 2, medium: 3 };

/** One job in ten goes to the narrow lane, three to the medium one, the rest are unlimited. */
function laneOf(index: number): string {
  const slot = index % 10;
  return slot === 0 ? 'narrow' : slot <= 3 ? 'medium' : 'free';
}

function specs(count: number, overrides: Partial<JobSpec> = {}): JobSpec[] {
  return Array.from({ length: count }, (_, index) => ({ key: `job-${index}`, stage: 'keyframes', lane: laneOf(index), input: { index }, inputHash: String(index), dependsOn: [], ...overrides }));
}

interface Held {
  lane: string;
  /** From just after the claim returned to just before the completion was sent: inside the lease. */
  start: bigint;
  end: bigint;
}

/** The most leases of each lane held at one moment, from intervals that lie inside the real ones. */
function mostAtOnce(held: Held[]): Record<string, number> {
  const most: Record<string, number> = {};
  for (const lane of new Set(held.map((entry) => entry.lane))) {
    const edges = held.filter((entry) => entry.lane === lane).flatMap((entry) => [{ at: entry.start, step: 1 }, { at: entry.end, step: -1 }]);
    // Ends before starts at the same instant: a lease handed over is not two at once.
    edges.sort((a, b) => (a.at === b.at ? a.step - b.step : a.at < b.at ? -1 : 1));
    let now = 0;
    for (const edge of edges) {
      now += edge.step;
      most[lane] = Math.max(most[lane] ?? 0, now);
    }
  }
  return most;
}

/**
 * Claims and completes until nothing is left to claim. A job takes 20-40 ms, as a (fast) provider
 * call would: longer than a claim takes even on a loaded machine, so the loops' leases overlap and
 * the lanes reach their limits. (With jobs of 2-6 ms, `free` once failed to run wider than 3 under
 * heavy load.)
 */
async function work(store: PostgresJobStore, request: Omit<ClaimRequest, 'now' | 'movieId'>, held: Held[]): Promise<Job[]> {
  const done: Job[] = [];
  for (let empty = 0; empty < 20; ) {
    const claimed = await store.claim({ ...request, movieId, now: Date.now() });
    if (claimed.length === 0) {
      empty++;
      await sleep(3);
      continue;
    }
    empty = 0;
    await Promise.all(
      claimed.map(async (job) => {
        const start = process.hrtime.bigint();
        await sleep(20 + Math.random() * 20);
        const end = process.hrtime.bigint();
        held.push({ lane: job.lane, start, end });
        expect(await store.complete({ movieId, key: job.key, token: job.leaseToken }, { outputs: [], costUsd: job.estimatedCostUsd }, Date.now())).toBe(true);
        done.push(job);
      }),
    );
  }
  return done;
}

let schema: string;
let stores: PostgresJobStore[];

beforeEach(async () => {
  schema = uniqueSchema('limits');
  // Four pools, as four machines would have: every claim below races on its own connection.
  stores = Array.from({ length: 4 }, () => createPostgresJobStore({ connectionString: testDatabaseUrl(), schema, maxConnections: 2 }));
  await stores[0]!.createMovie({ id: movieId, input: null, now: Date.now() });
});

afterEach(async () => {
  for (const store of stores) await store.close();
  await dropSchema(schema);
});

describe('limits hold across workers racing on separate connections', () => {
  it('lane concurrency is never passed, while the unlimited lane runs as wide as the claims go', async () => {
    await stores[0]!.enqueue(movieId, specs(150), Date.now());
    const held: Held[] = [];
    const done = (await Promise.all(stores.flatMap((store, index) => [0, 1].map((loop) => work(store, { workerId: `w${index}.${loop}`, limit: 3, leaseMs: 60_000, laneConcurrency }, held))))).flat();
    expect(new Set(done.map((job) => job.key)).size).toBe(150);
    expect(done).toHaveLength(150);
    const most = mostAtOnce(held);
    expect(most['narrow']).toBeLessThanOrEqual(2);
    expect(most['medium']).toBeLessThanOrEqual(3);
    // The limits were reached, so they were what held the lanes back, and `free` ran wider still.
    expect(most['narrow']).toBe(2);
    expect(most['medium']).toBe(3);
    expect(most['free']!).toBeGreaterThan(3);
  });

  it('the budget is never passed: what was spent and what runs stays within it', async () => {
    await stores[0]!.enqueue(movieId, specs(40, { lane: 'free', estimatedCostUsd: 1 }), Date.now());
    const done = (await Promise.all(stores.flatMap((store, index) => [0, 1].map((loop) => work(store, { workerId: `w${index}.${loop}`, limit: 2, leaseMs: 60_000, maxCostUsd: 10 }, []))))).flat();
    expect(done).toHaveLength(10);
    const summary = await stores[0]!.summarize(movieId);
    expect(summary).toMatchObject({ completed: 10, pending: 30 });
    expect(summary.costUsd).toBeCloseTo(10, 9);
  });
});

import type { StoreEvent } from '@cinema/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresJobStore } from './postgres-job-store.js';
import type { PostgresJobStore } from './postgres-job-store.js';
import { dropSchema, testDatabaseUrl, uniqueSchema } from './test-support/test-database.js';

const movieId = 'order';
let schema: string;
let stores: PostgresJobStore[];

beforeEach(async () => {
  schema = uniqueSchema('events');
  // Four pools, as four machines would have: their transactions commit in any order.
  stores = Array.from({ length: 4 }, () => createPostgresJobStore({ connectionString: testDatabaseUrl(), schema, maxConnections: 3 }));
  await stores[0]!.createMovie({ id: movieId, input: null, now: Date.now() });
});

afterEach(async () => {
  for (const store of stores) await store.close();
  await dropSchema(schema);
});

/** Enqueues, claims and completes its own jobs, several transactions in flight at once. */
async function write(store: PostgresJobStore, worker: number): Promise<void> {
  for (let batch = 0; batch < 6; batch++) {
    const keys = Array.from({ length: 8 }, (_, index) => `w${worker}-b${batch}-${index}`);
    await store.enqueue(movieId, keys.map((key) => ({ key, stage: 'keyframes', lane: `lane-${worker}`, input: {}, inputHash: key, dependsOn: [] })), Date.now());
    const claimed = await store.claim({ movieId, workerId: `w${worker}`, limit: 8, leaseMs: 60_000, now: Date.now(), excludeLanes: [0, 1, 2, 3].filter((other) => other !== worker).map((other) => `lane-${other}`) });
    await Promise.all(claimed.map((job) => store.complete({ movieId, key: job.key, token: job.leaseToken }, { outputs: [], costUsd: 0 }, Date.now())));
  }
}

describe('the PostgreSQL event log under concurrent writers', () => {
  it('readers following it by seq while four connections write pass over no event', async () => {
    let writing = true;
    // Two readers on pools of their own, so they also race each other to number the events.
    const follow = async (reader: PostgresJobStore) => {
      const seen: StoreEvent[] = [];
      let after = 0;
      for (;;) {
        const stillWriting = writing;
        const page = await reader.listEvents({ after, limit: 50 });
        seen.push(...page);
        if (page.length > 0) after = page.at(-1)!.seq;
        else if (!stillWriting) return seen;
      }
    };
    const reading = Promise.all([follow(stores[2]!), follow(stores[3]!)]);
    await Promise.all([0, 1, 2, 3].map((worker) => write(stores[worker]!, worker)));
    writing = false;
    const seen = await reading;
    const log = await stores[0]!.listEvents({ after: 0, limit: 10_000 });
    expect(log).toHaveLength(1 + 4 * 6 * 8 * 3);
    expect(log.map((event) => event.seq)).toEqual(log.map((_, index) => index + 1));
    // What each reader saw while the writes went on is the whole log, in the same order.
    for (const events of seen) expect(events.map((event) => event.seq)).toEqual(log.map((event) => event.seq));
    // And each job's story is in the order its changes were made.
    const stories = new Map<string, string[]>();
    for (const event of log) if (event.jobKey !== null) stories.set(event.jobKey, [...(stories.get(event.jobKey) ?? []), event.type]);
    expect(new Set([...stories.values()].map((story) => story.join(' ')))).toEqual(new Set(['job.created job.claimed job.completed']));
  }, 120_000);
});

import type { StoreEvent } from '@cinema/core';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresJobStore } from './postgres-job-store.js';
import type { PostgresJobStore } from './postgres-job-store.js';
import { migrationLockTableName, migrationProviderFor, migrationTableName } from './schema.js';
import { adminQuery, dropSchema, testDatabaseUrl, uniqueSchema } from './test-support/test-database.js';

const movieId = 'numbering';
const t0 = 1_700_000_000_000;
let schema: string;
let store: PostgresJobStore;
let clients: pg.Client[];

beforeEach(() => {
  schema = uniqueSchema('numbering');
  store = createPostgresJobStore({ connectionString: testDatabaseUrl(), schema, clock: 'caller' });
  clients = [];
});

afterEach(async () => {
  for (const client of clients) await client.end();
  await store.close();
  await dropSchema(schema);
});

/** A connection of its own, for a transaction the test keeps open while the store goes on. */
async function connection(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  clients.push(client);
  return client;
}

/** Holds or approves a job the way `hold` and `approve` do, on `client`, in whatever transaction it has open. */
async function setHeld(client: pg.Client, key: string, held: boolean, now: number): Promise<void> {
  await client.query(`update "${schema}".jobs set held = $3, updated_at = $4 where movie_id = $1 and key = $2`, [movieId, key, held, now]);
}

function told(events: StoreEvent[]): string[] {
  return events.map((event) => (event.jobKey === null ? event.type : `${event.type} ${event.jobKey}`));
}

async function createJobs(keys: string[]): Promise<void> {
  await store.createMovie({ id: movieId, input: null, now: t0 });
  await store.enqueue(movieId, keys.map((key) => ({ key, stage: 'keyframes', lane: 'fal', input: {}, inputHash: key, dependsOn: [] })), t0);
}

describe('the PostgreSQL event log, numbered once events commit', () => {
  it('an event whose transaction stays open while later ones commit comes after them, and a reader following by seq gets it', async () => {
    await createJobs(['slow', 'a', 'b']);
    const start = await store.lastEventSeq();
    const slow = await connection();
    await slow.query('begin');
    await setHeld(slow, 'slow', true, t0 + 1);

    // Writers do not wait for the open transaction, and what they committed is readable at once.
    await store.hold(movieId, ['a'], t0 + 2);
    await store.hold(movieId, ['b'], t0 + 3);
    const before = await store.listEvents({ after: start });
    expect(told(before)).toEqual(['job.held a', 'job.held b']);

    await slow.query('commit');
    const after = await store.listEvents({ after: before.at(-1)!.seq });
    expect(told(after)).toEqual(['job.held slow']);
    // Nothing was numbered below what the reader had already read.
    expect(told(await store.listEvents({ after: start }))).toEqual(['job.held a', 'job.held b', 'job.held slow']);
    expect(await store.lastEventSeq()).toBe(after[0]!.seq);
  });

  it('an event of a transaction that is rolled back is never numbered, and leaves no gap', async () => {
    await createJobs(['a', 'b']);
    const start = await store.lastEventSeq();
    const abandoned = await connection();
    await abandoned.query('begin');
    await setHeld(abandoned, 'a', true, t0 + 1);
    await store.hold(movieId, ['b'], t0 + 2);
    await abandoned.query('rollback');
    const events = await store.listEvents({ after: start });
    expect(told(events)).toEqual(['job.held b']);
    expect(events[0]!.seq).toBe(start + 1);
  });

  it('a job\'s changes keep their order when the transaction of the later one began first', async () => {
    await createJobs(['a', 'other']);
    const start = await store.lastEventSeq();
    const early = await connection();
    const late = await connection();
    // `early` writes first, so its transaction is the older one (the lower transaction id) ...
    await early.query('begin');
    await setHeld(early, 'other', true, t0 + 1);
    // ... but `late` changes job a and commits before `early` changes job a again.
    await late.query('begin');
    await setHeld(late, 'a', true, t0 + 2);
    await late.query('commit');
    await setHeld(early, 'a', false, t0 + 3);
    await early.query('commit');
    const story = told(await store.listEvents({ after: start }));
    expect(story.filter((line) => line.endsWith(' a'))).toEqual(['job.held a', 'job.approved a']);
    expect(story).toHaveLength(3);
  });

  it('readers numbering at the same time give every event one seq, consecutively', async () => {
    await createJobs(Array.from({ length: 40 }, (_, index) => `j${index}`));
    const readers = Array.from({ length: 4 }, () => createPostgresJobStore({ connectionString: testDatabaseUrl(), schema, clock: 'caller' }));
    try {
      // The stores' first calls race, each finding the 41 events of the setup unnumbered.
      const lasts = await Promise.all(readers.map((reader) => reader.lastEventSeq()));
      expect(lasts).toEqual([41, 41, 41, 41]);
      const events = await store.listEvents({ after: 0 });
      expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 41 }, (_, index) => index + 1));
      expect(told(events).slice(0, 3)).toEqual(['movie.created', 'job.created j0', 'job.created j1']);
    } finally {
      for (const reader of readers) await reader.close();
    }
  });

  it('a store of schema version 3 keeps its events\' numbers, and new events follow them', async () => {
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: testDatabaseUrl(), max: 1 }) }) });
    try {
      const migrator = new Migrator({ db, provider: migrationProviderFor(schema), migrationTableName, migrationLockTableName, migrationTableSchema: schema });
      const { error } = await migrator.migrateTo('0003_event_log');
      expect(error).toBeUndefined();
    } finally {
      await db.destroy();
    }
    // What a version 3 store wrote: its triggers numbered the events as they were written.
    await adminQuery(`insert into "${schema}".movies (id, input, created_at, updated_at) values ($1, 'null', $2, $2)`, [movieId, t0]);
    await adminQuery(`update "${schema}".movies set state = '{"status":"stopped"}', updated_at = $2 where id = $1`, [movieId, t0 + 1]);
    expect(await adminQuery(`select seq, type from "${schema}".events order by seq`)).toEqual([
      { seq: '1', type: 'movie.created' },
      { seq: '2', type: 'movie.run_ended' },
    ]);

    await store.enqueue(movieId, [{ key: 'a', stage: 'keyframes', lane: 'fal', input: {}, inputHash: 'a', dependsOn: [] }], t0 + 2);
    const events = await store.listEvents({ after: 0 });
    expect(events.map((event) => `${event.seq} ${told([event])[0]}`)).toEqual(['1 movie.created', '2 movie.run_ended', '3 job.created a']);
    expect(events[1]).toMatchObject({ status: 'stopped', at: t0 + 1 });
    expect(await adminQuery(`select value from "${schema}".cinema_meta where key = 'schema_version'`)).toEqual([{ value: '4' }]);
  });
});

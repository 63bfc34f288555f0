import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresJobStore } from './postgres-job-store.js';
import type { PostgresJobStore } from './postgres-job-store.js';
import { adminQuery, connectionStringFor, dropSchema, uniqueSchema } from './test-support/test-database.js';

const movieId = 'named';
let schema: string;
let store: PostgresJobStore;

beforeEach(async () => {
  schema = uniqueSchema('named');
  store = createPostgresJobStore({ connectionString: connectionStringFor(schema), schema, clock: 'caller', maxConnections: 1 });
  await store.createMovie({ id: movieId, input: null, now: 1 });
  await store.enqueue(movieId, [{ key: 'a', stage: 's', lane: 'l', input: { a: 1 }, inputHash: 'a', dependsOn: [] }], 1);
});

afterEach(async () => {
  await store.close();
  await dropSchema(schema);
});

/** The server process behind the store's one connection. */
async function backendOfStore(): Promise<number[]> {
  const rows = await adminQuery<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [schema]);
  return rows.map((row) => row.pid);
}

describe('statements prepared once per connection', () => {
  it('one whose table changed under it (a newer version migrated) is refused once, and the retry prepares it on a fresh connection', async () => {
    for (let index = 0; index < 3; index++) expect(await store.getJob(movieId, 'a')).toMatchObject({ key: 'a', input: { a: 1 } });
    const before = await backendOfStore();
    expect(before).toHaveLength(1);
    await adminQuery(`alter table "${schema}".jobs add column added_by_a_newer_version integer`);
    // `select *` now has another row type: PostgreSQL refuses the prepared plan (0A000), which only
    // a named statement meets; the store drops that connection and tries again on a new one.
    expect(await store.getJob(movieId, 'a')).toMatchObject({ key: 'a', status: 'pending' });
    const after = await backendOfStore();
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    expect(await store.getJob(movieId, 'a')).toMatchObject({ key: 'a', status: 'pending' });
  });
});

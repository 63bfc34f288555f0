import { JobStoreError } from '@cinema/core';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresJobStore } from './postgres-job-store.js';
import type { PostgresJobStore } from './postgres-job-store.js';
import { latestSchemaVersion } from './schema.js';
import { adminQuery, dropSchema, testDatabaseUrl, uniqueSchema } from './test-support/test-database.js';

let schema: string;
let stores: PostgresJobStore[];

function openStore(options: Parameters<typeof createPostgresJobStore>[0] = {}): PostgresJobStore {
  const store = createPostgresJobStore({ connectionString: testDatabaseUrl(), schema, ...options });
  stores.push(store);
  return store;
}

function withUrl(change: (url: URL) => void): string {
  const url = new URL(testDatabaseUrl());
  change(url);
  return url.toString();
}

async function tablesOf(name: string): Promise<string[]> {
  const rows = await adminQuery<{ name: string }>('select table_name as name from information_schema.tables where table_schema = $1 order by table_name', [name]);
  return rows.map((row) => row.name);
}

beforeEach(() => {
  schema = uniqueSchema('open');
  stores = [];
});

afterEach(async () => {
  for (const store of stores) await store.close();
  await dropSchema(schema);
});

describe('the schema', () => {
  it('is created with its tables on first use, marked as Cinema\'s', async () => {
    const store = openStore();
    expect(await tablesOf(schema)).toEqual([]);
    expect(await store.listMovies()).toEqual([]);
    expect(await tablesOf(schema)).toEqual(['cinema_meta', 'cinema_migration', 'cinema_migration_lock', 'events', 'job_dependencies', 'jobs', 'lanes', 'movies', 'webhook_deliveries']);
    expect(await adminQuery(`select key, value from "${schema}".cinema_meta order by key`)).toEqual([
      { key: 'application', value: 'cinema' },
      { key: 'schema_version', value: String(latestSchemaVersion) },
    ]);
  });

  it('is migrated once when many workers start on it at the same moment', async () => {
    const starting = Array.from({ length: 8 }, () => openStore());
    await Promise.all(starting.map((store, index) => store.createMovie({ id: `movie-${index}`, input: null, now: 1 })));
    expect(await starting[0]!.listMovies()).toHaveLength(8);
    expect(await adminQuery(`select name from "${schema}".cinema_migration order by name`)).toEqual([{ name: '0001_initial' }, { name: '0002_lanes' }, { name: '0003_event_log' }, { name: '0004_event_log_numbered_by_readers' }]);
  });

  it('that holds tables of another application is refused and left as it was', async () => {
    await adminQuery(`create schema "${schema}"`);
    await adminQuery(`create table "${schema}".users (id int)`);
    const store = openStore();
    const error = await store.listMovies().catch((thrown: unknown) => thrown);
    expect(JobStoreError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(new RegExp(`schema "${schema}" is not a Cinema job store \\(it has no cinema_meta table; its tables are users\\).*choose another schema`));
    expect(await tablesOf(schema)).toEqual(['users']);
  });

  it('written by a newer version is refused, naming the versions and what to upgrade', async () => {
    await openStore().listMovies();
    await adminQuery(`update "${schema}".cinema_meta set value = '99' where key = 'schema_version'`);
    await expect(openStore().listMovies()).rejects.toThrow(`newer @cinema/store-postgres (schema version 99; this one knows up to ${latestSchemaVersion}). Upgrade @cinema/store-postgres`);
  });
});

describe('connecting', () => {
  it('a store made without a connection string can be configured; its first call says what is missing', async () => {
    const store = openStore({ connectionString: undefined });
    expect(store.description).toBe(`postgres (no connection string) (schema ${schema})`);
    await expect(store.listMovies()).rejects.toThrow(/no connectionString and no pool\. Set the connection string \(e\.g\. DATABASE_URL=postgres:/);
  });

  it('describes the database without its password', () => {
    expect(openStore({ connectionString: 'postgres://cinema:secret@db.internal:5433/films?sslmode=require' }).description).toBe(`postgres://cinema@db.internal:5433/films (schema ${schema})`);
  });

  it('a wrong password fails at once, saying what to check', async () => {
    const started = Date.now();
    const error = await openStore({ connectionString: withUrl((url) => (url.password = 'wrong')) }).listMovies().catch((thrown: unknown) => thrown);
    expect(JobStoreError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/refused the login .*Check the user and password in the connection string/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a database that does not exist fails at once, saying how to create it', async () => {
    await expect(openStore({ connectionString: withUrl((url) => (url.pathname = '/no_such_database')) }).listMovies()).rejects.toThrow(/database "no_such_database" does not exist\. Create the database first/);
  });

  it('a server that cannot be reached is retried for reconnectTimeoutMs, then the error says to start it', async () => {
    const started = Date.now();
    const store = openStore({ connectionString: withUrl((url) => (url.port = '1')), reconnectTimeoutMs: 800 });
    const error = await store.listMovies().catch((thrown: unknown) => thrown);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(JobStoreError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Cannot reach PostgreSQL for the job store postgres:\/\/cinema@127\.0\.0\.1:1\/.*ECONNREFUSED.*pg_ctlcluster 15 main start/);
  });

  it('refuses settings that cannot work', () => {
    const pool = new pg.Pool({ connectionString: testDatabaseUrl() });
    expect(() => createPostgresJobStore({ connectionString: testDatabaseUrl(), pool })).toThrow(/either `connectionString` or `pool`, not both/);
    expect(() => createPostgresJobStore({ connectionString: testDatabaseUrl(), clock: 'wall' as 'database' })).toThrow(/`clock` must be 'database' or 'caller'; got "wall"/);
    expect(() => createPostgresJobStore({ connectionString: testDatabaseUrl(), schema: '' })).toThrow(/`schema` must be a non-empty name/);
  });

  it('a pool passed in is used and left open for its owner', async () => {
    const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
    try {
      const store = openStore({ connectionString: undefined, pool });
      await store.createMovie({ id: 'pooled', input: { script: 'x' }, now: 5 });
      await store.close();
      expect((await pool.query(`select id from "${schema}".movies`)).rows).toEqual([{ id: 'pooled' }]);
    } finally {
      await pool.end();
    }
  });

  it('a closed store refuses further calls', async () => {
    const store = openStore();
    await store.listMovies();
    await store.close();
    await expect(store.listMovies()).rejects.toThrow(/is closed; cannot list movies/);
  });
});

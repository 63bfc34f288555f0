import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrationLockTableName, migrationProvider, migrationTableName } from './schema.js';
import { createSqliteJobStore } from './sqlite-job-store.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'cinema-sqlite-migrate-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const output = { path: 'screenplay.json', sha256: 'a'.repeat(64), bytes: 12 };

/**
 * A store as version 1 of the schema left it: its migration alone, then rows in its columns. `z` is
 * enqueued first so that enqueue order and key order differ.
 */
async function createVersion1Store(path: string) {
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  const kysely = new Kysely<any>({ dialect: new SqliteDialect({ database }) });
  const { error } = await new Migrator({ db: kysely, provider: migrationProvider, migrationTableName, migrationLockTableName }).migrateTo('0001_initial');
  expect(error).toBeUndefined();
  database.prepare(`insert into movies (id, input, state, spent_micros, created_at, updated_at) values ('m', '{"script":"s.fountain"}', null, 500000, 1, 2)`).run();
  const insertJob = database.prepare(`insert into jobs (movie_id, key, stage, lane, input, input_hash, depends_on, priority, max_attempts, estimated_cost_micros,
    scene_id, character_id, status, attempts, pending_dependencies, run_at, lease_token, outputs, result, errors, cost_micros, created_at, updated_at, first_started_at, completed_at)
    values ('m', @key, 'keyframes', 'fal', 'null', @hash, @dependsOn, 0, 3, 250000, null, null, @status, @attempts, @pending, 1, @token, @outputs, @result, '[]', @cost, 1, 2, @started, @completed)`);
  insertJob.run({ key: 'z', hash: 'h:z', dependsOn: '[]', status: 'pending', attempts: 0, pending: 0, token: 0, outputs: '[]', result: null, cost: 0, started: null, completed: null });
  insertJob.run({ key: 'a', hash: 'h:a', dependsOn: '[]', status: 'completed', attempts: 1, pending: 0, token: 1, outputs: JSON.stringify([output]), result: '{"title":"T"}', cost: 500000, started: 1, completed: 2 });
  insertJob.run({ key: 'b', hash: 'h:b', dependsOn: '["a"]', status: 'pending', attempts: 0, pending: 0, token: 0, outputs: '[]', result: null, cost: 0, started: null, completed: null });
  database.prepare(`insert into job_dependencies (movie_id, key, depends_on) values ('m', 'b', 'a')`).run();
  await kysely.destroy();
}

describe('migrating a store from schema version 1', () => {
  it('opens an older file and reads its jobs back with no holds, no kept takes, and take 1 for what had completed', async () => {
    const path = join(directory, 'cinema.db');
    await createVersion1Store(path);
    const store = await createSqliteJobStore({ path });
    const jobs = await store.listJobs('m');
    expect(jobs.map((job) => [job.key, job.status, job.take, job.takes, job.held])).toEqual([
      ['z', 'pending', 0, [], false],
      ['a', 'completed', 1, [], false],
      ['b', 'pending', 0, [], false],
    ]);
    expect(jobs[1]).toMatchObject({ outputs: [output], result: { title: 'T' }, costUsd: 0.5, leaseToken: 1, completedAt: 2 });
    expect(await store.summarize('m')).toMatchObject({ total: 3, completed: 1, pending: 2, costUsd: 0.5 });
    await store.close();

    const check = new Database(path, { readonly: true });
    expect(check.prepare(`select value from cinema_meta where key = 'schema_version'`).get()).toEqual({ value: String(latestSchemaVersion) });
    check.close();
  });

  it('lets the migrated jobs be held, retired and re-planned, keeping the version made before as take 1', async () => {
    const path = join(directory, 'cinema.db');
    await createVersion1Store(path);
    const store = await createSqliteJobStore({ path });
    expect(await store.hold('m', ['z'], 3)).toBe(1);
    expect((await store.claim({ movieId: 'm', workerId: 'w', limit: 5, leaseMs: 1000, now: 3 })).map((job) => job.key)).toEqual(['b']);
    expect(await store.retire('m', ['z'], 4)).toBe(1);
    expect(await store.enqueue('m', [{ key: 'a', stage: 'keyframes', lane: 'fal', input: null, inputHash: 'h:a2', dependsOn: [] }], 5)).toEqual({ created: 0, updated: 1 });
    expect((await store.getJob('m', 'a'))!.takes).toEqual([{ take: 1, outputs: [output], result: { title: 'T' }, costUsd: 0.5, inputHash: 'h:a', completedAt: 2 }]);
    expect((await store.getJob('m', 'z'))!.status).toBe('retired');
    await store.close();
  });

  it('migrates once when several openers race to open the same older file', async () => {
    const path = join(directory, 'cinema.db');
    await createVersion1Store(path);
    // No busy timeout: openers in one thread wait for each other's migration by retrying, not by blocking it.
    const stores = await Promise.all(Array.from({ length: 4 }, () => createSqliteJobStore({ path, busyTimeoutMs: 0 })));
    for (const store of stores) expect((await store.listJobs('m')).map((job) => job.key)).toEqual(['z', 'a', 'b']);
    for (const store of stores) await store.close();
    const check = new Database(path, { readonly: true });
    expect(check.prepare(`select name from ${migrationTableName} order by name`).all()).toEqual([{ name: '0001_initial' }, { name: '0002_takes_holds_retired' }, { name: '0003_lanes' }, { name: '0004_event_log' }]);
    check.close();
  });
});

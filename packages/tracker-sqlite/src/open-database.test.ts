import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CinemaError, JobStoreError, MovieNotFoundError } from '@cinema/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestSchemaVersion } from './schema.js';
import { createSqliteJobStore } from './sqlite-job-store.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'cinema-sqlite-open-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function digest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function openError(path: string): Promise<JobStoreError> {
  const error = await createSqliteJobStore({ path }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(JobStoreError.isInstance(error), String(error)).toBe(true);
  expect((error as CinemaError).category).toBe('store');
  expect((error as Error).message).toContain(path);
  return error as JobStoreError;
}

/** The file's bytes are the same and SQLite left no side files beside it. */
function expectUntouched(path: string, before: string, sideFilesBefore: string[] = []) {
  expect(digest(path)).toBe(before);
  expect(readdirSync(directory).sort()).toEqual([...new Set([path.slice(directory.length + 1), ...sideFilesBefore])].sort());
}

describe('createSqliteJobStore: files it must refuse', () => {
  it('names a missing parent directory and creates nothing', async () => {
    const path = join(directory, 'missing', 'deeper', 'cinema.db');
    const error = await openError(path);
    expect(error.message).toMatch(/directory .*missing.* does not exist/);
    expect(error.message).toContain('mkdir -p');
    expect(existsSync(join(directory, 'missing'))).toBe(false);
  });

  it('refuses a zero-length file and leaves it empty', async () => {
    const path = join(directory, 'cinema.db');
    writeFileSync(path, '');
    const error = await openError(path);
    expect(error.message).toMatch(/empty \(0 bytes\)/);
    expectUntouched(path, digest(path));
    expect(readFileSync(path).length).toBe(0);
  });

  it('refuses a file that is not SQLite and leaves it unchanged', async () => {
    const path = join(directory, 'cinema.db');
    writeFileSync(path, randomBytes(8192));
    const before = digest(path);
    const error = await openError(path);
    expect(error.message).toMatch(/not a SQLite database/);
    expectUntouched(path, before);
  });

  it('refuses a corrupt SQLite file and leaves it unchanged', async () => {
    const path = join(directory, 'cinema.db');
    const corrupt = Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), randomBytes(4096 * 3 - 16)]);
    writeFileSync(path, corrupt);
    const before = digest(path);
    const error = await openError(path);
    expect(error.message).toMatch(/corrupt|not a database|malformed/i);
    expectUntouched(path, before);
  });

  it('refuses a SQLite database that is not Cinema’s, naming its tables, and never modifies it', async () => {
    const path = join(directory, 'app.db');
    const foreign = new Database(path);
    foreign.exec(`create table users (id integer primary key, name text); insert into users (name) values ('ana'), ('ben');`);
    foreign.close();
    const before = digest(path);
    const error = await openError(path);
    expect(error.message).toMatch(/not a Cinema job store/);
    expect(error.message).toContain('users');
    expect(error.message).toMatch(/will not modify/);
    expectUntouched(path, before);
    const check = new Database(path, { readonly: true });
    expect(check.prepare('select name from sqlite_master order by name').all()).toEqual([{ name: 'users' }]);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('refuses a foreign database in WAL mode without changing it', async () => {
    const path = join(directory, 'wal.db');
    const foreign = new Database(path);
    foreign.pragma('journal_mode = WAL');
    foreign.exec(`create table notes (body text); insert into notes values ('x');`);
    foreign.close();
    const before = digest(path);
    const error = await openError(path);
    expect(error.message).toContain('notes');
    expectUntouched(path, before);
  });

  it('refuses a store written by a newer schema and says to upgrade', async () => {
    const path = join(directory, 'cinema.db');
    await (await createSqliteJobStore({ path })).close();
    const bump = new Database(path);
    bump.prepare(`update cinema_meta set value = ? where key = 'schema_version'`).run(String(latestSchemaVersion + 1));
    bump.close();
    const before = digest(path);
    const error = await openError(path);
    expect(error.message).toMatch(new RegExp(`schema version ${latestSchemaVersion + 1}`));
    expect(error.message).toMatch(/Upgrade @cinema\/tracker-sqlite/);
    expectUntouched(path, before);
  });

  it('refuses a directory given as the file', async () => {
    const path = join(directory, 'a-directory');
    mkdirSync(path);
    const error = await openError(path);
    expect(error.message).toMatch(/is a directory/);
  });
});

describe('createSqliteJobStore: files it opens', () => {
  it('creates a new store that marks itself as Cinema’s, in WAL mode', async () => {
    const path = join(directory, 'cinema.db');
    const store = await createSqliteJobStore({ path });
    expect(store.description).toBe(`sqlite:${path}`);
    await store.close();
    expect(readdirSync(directory)).toEqual(['cinema.db']);
    const check = new Database(path, { readonly: true });
    expect(check.prepare('select key, value from cinema_meta order by key').all()).toEqual([
      { key: 'application', value: 'cinema' },
      { key: 'schema_version', value: String(latestSchemaVersion) },
    ]);
    expect(check.pragma('journal_mode', { simple: true })).toBe('wal');
    check.close();
  });

  it('keeps everything across close and reopen', async () => {
    const path = join(directory, 'cinema.db');
    const first = await createSqliteJobStore({ path, synchronous: 'NORMAL' });
    await first.createMovie({ id: 'm', input: { script: 's.fountain' }, now: 1 });
    await first.enqueue('m', [{ key: 'a', stage: 's', lane: 'l', input: [1, 2], inputHash: 'h', dependsOn: [], estimatedCostUsd: 0.5 }], 1);
    const [claimed] = await first.claim({ movieId: 'm', workerId: 'w', limit: 1, leaseMs: 1000, now: 2 });
    await first.markSubmitted({ movieId: 'm', key: 'a', token: claimed!.leaseToken }, { requestId: 'r' }, 3);
    await first.close();
    const second = await createSqliteJobStore({ path });
    expect(await second.getMovie('m')).toMatchObject({ input: { script: 's.fountain' } });
    expect(await second.reclaimExpired('m', 5000)).toBe(1);
    expect(await second.claim({ movieId: 'm', workerId: 'w2', limit: 1, leaseMs: 1000, now: 5001 })).toMatchObject([{ key: 'a', status: 'waiting', attempts: 1, operation: { requestId: 'r' } }]);
    await second.close();
  });

  it('lets several openers race to create the same file', async () => {
    const path = join(directory, 'cinema.db');
    const stores = await Promise.all(Array.from({ length: 4 }, () => createSqliteJobStore({ path })));
    await Promise.all(stores.map((store, index) => store.createMovie({ id: 'm', input: index, now: index })));
    expect((await stores[3]!.listMovies()).length).toBe(1);
    for (const store of stores) await store.close();
    expect(readdirSync(directory)).toEqual(['cinema.db']);
  });
});

describe('SqliteJobStore errors while in use', () => {
  it('names the movie and the file when the movie does not exist', async () => {
    const path = join(directory, 'cinema.db');
    const store = await createSqliteJobStore({ path });
    const error = await store.enqueue('ghost', [], 0).catch((thrown: unknown) => thrown);
    expect(MovieNotFoundError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(MovieNotFoundError);
    expect((error as Error).message).toContain('ghost');
    expect((error as Error).message).toContain(path);
    await store.close();
  });

  it('throws a JobStoreError after close', async () => {
    const path = join(directory, 'cinema.db');
    const store = await createSqliteJobStore({ path });
    await store.close();
    const error = await store.listMovies().catch((thrown: unknown) => thrown);
    expect(JobStoreError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/closed/);
  });

  it('rejects only the failing write when writes commit together', async () => {
    const store = await createSqliteJobStore({ path: join(directory, 'cinema.db') });
    await store.createMovie({ id: 'm', input: null, now: 0 });
    const spec = (key: string) => ({ key, stage: 's', lane: 'l', input: null, inputHash: key, dependsOn: [] });
    const [before, failing, after] = await Promise.allSettled([
      store.enqueue('m', [spec('a')], 1),
      store.enqueue('ghost', [spec('x')], 1),
      store.enqueue('m', [spec('b')], 1),
    ]);
    expect(before).toEqual({ status: 'fulfilled', value: { created: 1, updated: 0 } });
    expect(failing.status).toBe('rejected');
    expect(MovieNotFoundError.isInstance((failing as PromiseRejectedResult).reason)).toBe(true);
    expect(after).toEqual({ status: 'fulfilled', value: { created: 1, updated: 0 } });
    expect((await store.listJobs('m')).map((job) => job.key)).toEqual(['a', 'b']);
    expect(await store.listJobs('ghost')).toEqual([]);
    await store.close();
  });

  it('commits writes already asked for before it closes', async () => {
    const path = join(directory, 'cinema.db');
    const store = await createSqliteJobStore({ path });
    await store.createMovie({ id: 'm', input: null, now: 0 });
    const saved = store.saveState('m', { stage: 'final' }, 5);
    await store.close();
    await saved;
    const reopened = await createSqliteJobStore({ path });
    expect((await reopened.getMovie('m'))?.state).toEqual({ stage: 'final' });
    await reopened.close();
  });

  it('waits for another connection that holds the write lock instead of failing', async () => {
    const path = join(directory, 'cinema.db');
    const store = await createSqliteJobStore({ path, busyTimeoutMs: 5 });
    await store.createMovie({ id: 'm', input: null, now: 0 });
    const other = new Database(path);
    other.exec('begin immediate');
    let released = false;
    setTimeout(() => {
      released = true;
      other.exec('commit');
    }, 150);
    await store.enqueue('m', [{ key: 'a', stage: 's', lane: 'l', input: null, inputHash: 'h', dependsOn: [] }], 1);
    expect(released).toBe(true);
    expect(await store.getJob('m', 'a')).toMatchObject({ status: 'pending' });
    other.close();
    await store.close();
  });

  it('gives up with a JobStoreError when the lock is held longer than busyRetryMs', async () => {
    const path = join(directory, 'cinema.db');
    const store = await createSqliteJobStore({ path, busyTimeoutMs: 5, busyRetryMs: 100 });
    await store.createMovie({ id: 'm', input: null, now: 0 });
    const other = new Database(path);
    other.exec('begin immediate');
    const error = await store.saveState('m', { x: 1 }, 1).catch((thrown: unknown) => thrown);
    other.exec('rollback');
    other.close();
    expect(JobStoreError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/stayed locked by another process/);
    expect((error as Error).message).toContain(path);
    await store.saveState('m', { x: 2 }, 2);
    expect((await store.getMovie('m'))?.state).toEqual({ x: 2 });
    await store.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobStoreV1 } from '@cinema/core';
import { runJobStoreConformance } from '@cinema/core/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createSqliteJobStore, SqliteJobStore } from './sqlite-job-store.js';
import { WriteQueue } from './write-queue.js';

const root = mkdtempSync(join(tmpdir(), 'cinema-sqlite-conformance-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

runJobStoreConformance('SqliteJobStore (file)', () => createSqliteJobStore({ path: join(root, `store-${++counter}.db`) }), {
  openAnother: (store: JobStoreV1) => createSqliteJobStore({ path: (store as SqliteJobStore).path }),
  cleanup: (store: JobStoreV1) => {
    const path = (store as SqliteJobStore).path;
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  },
});

runJobStoreConformance('SqliteJobStore (:memory:)', () => createSqliteJobStore({ path: ':memory:', synchronous: 'NORMAL' }));

describe('SqliteJobStore durability', () => {
  it('commits every decision a user makes durably (fsynced under FULL), never as a lease move', async () => {
    const store = await createSqliteJobStore({ path: ':memory:' });
    const write = vi.spyOn(WriteQueue.prototype, 'write');
    await store.createMovie({ id: 'm', input: null, now: 1 });
    await store.setMovieInput('m', { script: 'edited.fountain' }, 2);
    await store.enqueue('m', [{ key: 'a', stage: 's', lane: 'l', input: null, inputHash: 'h', dependsOn: [] }], 3);
    await store.hold('m', ['a'], 4);
    await store.approve('m', ['a'], 5);
    await store.addTake('m', 'a', { outputs: [] }, 6);
    await store.pickTake('m', 'a', 1, 7);
    await store.retire('m', ['a'], 8);
    expect(write.mock.calls.map(([action, durability]) => [action, durability])).toEqual(
      ['create a movie', 'set the movie input', 'enqueue jobs', 'hold jobs', 'approve jobs', 'add a take', 'pick a take', 'retire jobs'].map((action) => [action, 'durable']),
    );
    write.mockRestore();
    await store.close();
  });
});

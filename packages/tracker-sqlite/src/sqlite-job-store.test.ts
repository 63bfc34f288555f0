import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobStoreV1 } from '@cinema/core';
import { runJobStoreConformance } from '@cinema/core/testing';
import { afterAll } from 'vitest';
import { createSqliteJobStore, SqliteJobStore } from './sqlite-job-store.js';

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

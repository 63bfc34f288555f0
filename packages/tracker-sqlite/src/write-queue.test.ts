import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobStoreError } from '@cinema/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteQueue } from './write-queue.js';
import type { WriteQueueOptions } from './write-queue.js';

const full = 2;
const normal = 1;

describe('WriteQueue', () => {
  let directory: string;
  let path: string;
  let database: Database.Database;
  const others: Database.Database[] = [];

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'cinema-write-queue-'));
    path = join(directory, 'queue.db');
    // No busy timeout: a lock held by another connection is reported at once, and the queue waits.
    database = new Database(path, { timeout: 0 });
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.exec('create table t (n integer)');
  });

  afterEach(() => {
    for (const other of others.splice(0)) other.close();
    if (database.open) database.close();
    rmSync(directory, { recursive: true, force: true });
  });

  function queueOf(options: Partial<WriteQueueOptions> = {}) {
    return new WriteQueue(database, { path, synchronous: 'FULL', busyRetryMs: 5000, ...options });
  }

  function otherConnection() {
    const other = new Database(path, { timeout: 0 });
    others.push(other);
    return other;
  }

  const synchronousNow = () => database.pragma('synchronous', { simple: true });
  const insert = (n: number) => () => database.prepare('insert into t (n) values (?)').run(n).changes;
  const rows = (connection = database) => (connection.prepare('select n from t order by n').all() as { n: number }[]).map((row) => row.n);

  describe('durability switching', () => {
    it('commits a batch of lease moves without an fsync of its own, and a batch with one durable write with FULL', async () => {
      const queue = queueOf();
      expect(await queue.write('claim jobs', 'lazy', synchronousNow)).toBe(normal);
      const mixed = await Promise.all([queue.write('claim jobs', 'lazy', synchronousNow), queue.write('complete a job', 'durable', synchronousNow)]);
      expect(mixed).toEqual([full, full]);
      expect(await queue.write('extend a lease', 'lazy', synchronousNow)).toBe(normal);
      expect(await queue.write('complete a job', 'durable', synchronousNow)).toBe(full);
    });

    it('never raises a NORMAL store to FULL', async () => {
      database.pragma('synchronous = NORMAL');
      const queue = queueOf({ synchronous: 'NORMAL' });
      expect(await queue.write('complete a job', 'durable', synchronousNow)).toBe(normal);
      expect(await queue.write('claim jobs', 'lazy', synchronousNow)).toBe(normal);
    });
  });

  describe('group commit', () => {
    it('commits the writes of one turn together, at most maxBatch at a time', async () => {
      const queue = queueOf({ maxBatch: 2 });
      const reader = otherConnection();
      const seen = await Promise.all([
        queue.write('first', 'durable', () => (insert(1)(), rows(reader))),
        queue.write('second', 'durable', () => (insert(2)(), rows(reader))),
        queue.write('third', 'durable', () => (insert(3)(), rows(reader))),
      ]);
      // Another connection sees nothing of a batch before it commits, then all of it.
      expect(seen).toEqual([[], [], [1, 2]]);
      expect(rows(reader)).toEqual([1, 2, 3]);
    });

    it('rejects only the write that failed, undoing its changes, and commits the others', async () => {
      const queue = queueOf();
      const results = await Promise.allSettled([
        queue.write('first', 'durable', insert(1)),
        queue.write('save the movie state', 'durable', () => {
          insert(2)();
          throw new Error('bad value');
        }),
        queue.write('third', 'durable', insert(3)),
      ]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const error = (results[1] as PromiseRejectedResult).reason;
      expect(JobStoreError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe(`The job store ${path} failed to save the movie state: bad value`);
      expect(rows(otherConnection())).toEqual([1, 3]);
    });

    it('drain resolves once every queued write has committed', async () => {
      const queue = queueOf();
      const settled: number[] = [];
      for (const n of [1, 2, 3]) void queue.write('insert', 'durable', insert(n)).then(() => settled.push(n));
      await queue.drain();
      expect(settled).toEqual([1, 2, 3]);
      expect(rows(otherConnection())).toEqual([1, 2, 3]);
    });
  });

  describe('a locked or closed database', () => {
    it('waits while another connection holds the write lock, then commits', async () => {
      const other = otherConnection();
      other.exec('begin immediate');
      setTimeout(() => other.exec('commit'), 30);
      const queue = queueOf();
      expect(await queue.write('claim jobs', 'lazy', insert(1))).toBe(1);
      expect(rows(other)).toEqual([1]);
    });

    it('gives up after busyRetryMs with an error that names the file and what to check', async () => {
      const other = otherConnection();
      other.exec('begin immediate');
      const queue = queueOf({ busyRetryMs: 0 });
      const [first, second] = await Promise.allSettled([queue.write('claim jobs', 'lazy', insert(1)), queue.write('enqueue jobs', 'durable', insert(2))]);
      for (const result of [first, second]) {
        expect(result?.status).toBe('rejected');
        const error = (result as PromiseRejectedResult).reason as Error;
        expect(JobStoreError.isInstance(error)).toBe(true);
        expect(error.message).toMatch(`The job store ${path} stayed locked by another process`);
        expect(error.message).toMatch(/stuck cinema process/);
      }
      other.exec('rollback');
      expect(rows()).toEqual([]);
      // The queue still works once the lock is gone.
      expect(await queue.write('enqueue jobs', 'durable', insert(3))).toBe(1);
    });

    it('rejects writes on a closed connection with an error saying so', async () => {
      const queue = queueOf();
      database.close();
      await expect(queue.write('complete a job', 'durable', insert(1))).rejects.toThrow(`The job store ${path} is closed; cannot complete a job. Open a new store.`);
    });
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { JobStoreError } from '@cinema/core';
import type Database from 'better-sqlite3';
import { busyPause, isBusy, toStoreError } from './sqlite-errors.js';

/**
 * `durable` writes record work or money (a result, a cost, a submitted operation) and are fsynced
 * before the call resolves when `synchronous` is `FULL`. `lazy` writes only move leases (claim,
 * heartbeat, release, reclaim): they commit at once and become durable with the next durable commit,
 * because a WAL never keeps a later commit without the earlier ones, and after a power loss every
 * lease is void anyway (the workers died too). Undoing a lazy write can only mean a job runs again,
 * never that a recorded result or cost is lost.
 */
export type Durability = 'durable' | 'lazy';

export interface WriteQueueOptions {
  /** Absolute path of the file, or `:memory:`, for error messages. */
  path: string;
  /** The store's `synchronous` setting; only `FULL` is ever lowered, for batches of lazy writes. */
  synchronous: 'FULL' | 'NORMAL';
  /** How long in all a batch keeps retrying while the database is locked. */
  busyRetryMs: number;
  /** Writes per group commit, so a burst of calls does not hold the write lock for long. Default: 256. */
  maxBatch?: number;
}

interface QueuedWrite {
  action: string;
  durability: Durability;
  body: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Serializes the writes of one connection. Writes queued in the same turn of the event loop commit
 * together in one `BEGIN IMMEDIATE` transaction (group commit: one fsync for many jobs), each inside
 * its own savepoint, so one failing write rejects only its caller. A call resolves once its commit is
 * done. A batch with no durable write commits with `synchronous = NORMAL` (no fsync of its own).
 */
export class WriteQueue {
  private readonly queue: QueuedWrite[] = [];
  private readonly maxBatch: number;
  private flushScheduled = false;
  private currentSynchronous: 'FULL' | 'NORMAL';
  private transaction: Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit' | 'rollback', Database.Statement> | undefined;

  constructor(
    private readonly database: Database.Database,
    private readonly options: WriteQueueOptions,
  ) {
    this.maxBatch = options.maxBatch ?? 256;
    this.currentSynchronous = options.synchronous;
  }

  /** Queues `body` to run inside the next transaction; `action` names it in error messages ("claim jobs"). */
  write<T>(action: string, durability: Durability, body: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ action, durability, body, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Resolves once every write asked for so far is committed (or has failed). */
  async drain(): Promise<void> {
    while (this.flushScheduled) await new Promise((resolve) => setImmediate(resolve));
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    const deadline = Date.now() + this.options.busyRetryMs;
    for (let attempt = 0; ; attempt++) {
      try {
        this.commit(batch);
        break;
      } catch (error) {
        if (isBusy(error) && Date.now() < deadline) {
          await sleep(busyPause(attempt));
          continue;
        }
        const failure = isBusy(error)
          ? new JobStoreError({
              message: `The job store ${this.options.path} stayed locked by another process for over ${Math.round(this.options.busyRetryMs / 1000)} s (${(error as Error).message}). Check for a stuck cinema process, or a backup tool holding the file.`,
              cause: error,
            })
          : error;
        for (const write of batch) write.reject(toStoreError(failure, this.options.path, write.action));
        break;
      }
    }
    if (this.queue.length > 0) setImmediate(() => void this.flush());
    else this.flushScheduled = false;
  }

  /** Runs a batch of writes in one immediate transaction; throws (having rolled back) only for the batch as a whole. */
  private commit(batch: QueuedWrite[]): void {
    if (!this.database.open) throw new TypeError('The database connection is not open');
    if (this.options.synchronous === 'FULL') this.setSynchronous(batch.some((write) => write.durability === 'durable') ? 'FULL' : 'NORMAL');
    // Prepared once: a group commit runs these for every write.
    const transaction = (this.transaction ??= {
      begin: this.database.prepare('begin immediate'),
      savepoint: this.database.prepare('savepoint cinema_write'),
      release: this.database.prepare('release cinema_write'),
      rollbackTo: this.database.prepare('rollback to cinema_write'),
      commit: this.database.prepare('commit'),
      rollback: this.database.prepare('rollback'),
    });
    const outcomes: { value?: unknown; error?: unknown }[] = [];
    transaction.begin.run();
    try {
      for (const write of batch) {
        transaction.savepoint.run();
        try {
          outcomes.push({ value: write.body() });
          transaction.release.run();
        } catch (error) {
          transaction.rollbackTo.run();
          transaction.release.run();
          if (isBusy(error)) throw error;
          outcomes.push({ error });
        }
      }
      transaction.commit.run();
    } catch (error) {
      if (this.database.inTransaction) transaction.rollback.run();
      throw error;
    }
    batch.forEach((write, index) => {
      const outcome = outcomes[index]!;
      if ('error' in outcome) write.reject(toStoreError(outcome.error, this.options.path, write.action));
      else write.resolve(outcome.value);
    });
  }

  private setSynchronous(mode: 'FULL' | 'NORMAL') {
    if (this.currentSynchronous === mode) return;
    this.database.pragma(`synchronous = ${mode}`);
    this.currentSynchronous = mode;
  }
}

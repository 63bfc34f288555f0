import { setTimeout as sleep } from 'node:timers/promises';
import { CinemaError, JobStoreError } from '@cinema/core';

/** SQLITE_BUSY and its extended codes (BUSY_SNAPSHOT, BUSY_RECOVERY, …) and SQLITE_LOCKED: worth waiting for. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Runs `body`, and while SQLite says the database is busy runs it again after a growing, jittered
 * pause, for up to `budgetMs` in all. SQLite's own `busy_timeout` already waits inside each try; this
 * covers what it cannot (a stale WAL snapshot, recovery, a lock held longer than the timeout).
 */
export async function retryBusy<T>(body: () => T | Promise<T>, budgetMs: number, path: string): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await body();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() >= deadline) {
        throw new JobStoreError({
          message: `The job store ${path} stayed locked by another process for over ${Math.round(budgetMs / 1000)} s (${(error as Error).message}). Check for a stuck cinema process, or a backup tool holding the file.`,
          cause: error,
        });
      }
      await sleep(busyPause(attempt));
    }
  }
}

/**
 * Milliseconds to wait before trying a locked database again. Another process holds the write lock
 * for about one commit (well under a few ms), so the first tries come quickly, with jitter so that
 * waiting processes do not all retry at once; later ones back off to at most ~50 ms.
 */
export function busyPause(attempt: number): number {
  const base = attempt < 20 ? 1 : Math.min(50, 2 ** Math.min(attempt - 19, 6));
  return base * (0.5 + Math.random());
}

/** Turns a SQLite error raised while using an open store into a JobStoreError that names the file. */
export function toStoreError(error: unknown, path: string, action: string): unknown {
  if (CinemaError.isInstance(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))) {
    return new JobStoreError({ message: `The job store ${path} is corrupt (${message}) while trying to ${action}. Restore it from a backup, or move it away to start over.`, cause: error });
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_FULL')) {
    return new JobStoreError({ message: `The disk holding the job store ${path} is full (while trying to ${action}). Free some space and run again: finished jobs are kept.`, cause: error });
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
    return new JobStoreError({ message: `The job store ${path} is read-only (while trying to ${action}). Make the file and its directory writable.`, cause: error });
  }
  if (error instanceof TypeError && /not open/.test(message)) {
    return new JobStoreError({ message: `The job store ${path} is closed; cannot ${action}. Open a new store.`, cause: error });
  }
  return new JobStoreError({ message: `The job store ${path} failed to ${action}: ${message}`, cause: error });
}

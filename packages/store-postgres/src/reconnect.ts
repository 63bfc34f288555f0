import { setTimeout as sleep } from 'node:timers/promises';
import { isTransient, toStoreError } from './postgres-errors.js';

export interface ReconnectOptions {
  /** For messages, e.g. `postgres://cinema@db:5432/films (schema cinema)`. */
  description: string;
  /** How long in all to keep trying while the server cannot be reached. */
  budgetMs: number;
  /** Waits between tries; replaceable in tests. */
  pause?: (ms: number) => Promise<unknown>;
}

/**
 * Runs `body`, and while PostgreSQL cannot be reached or drops the connection (a restart, a
 * failover, a terminated backend) runs it again after a growing, jittered pause, for up to
 * `budgetMs` in all; then, or at once for any other error, throws a JobStoreError that says what to
 * do. `body` learns whether an earlier try may have been committed before its reply was lost
 * (`retrying`), so that it can find what that try did instead of doing it twice.
 */
export async function withReconnect<T>(action: string, options: ReconnectOptions, body: (retrying: boolean) => Promise<T>): Promise<T> {
  const pause = options.pause ?? sleep;
  const deadline = Date.now() + options.budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await body(attempt > 0);
    } catch (error) {
      if (!isTransient(error) || Date.now() >= deadline) throw toStoreError(error, options.description, action);
      await pause(Math.min(reconnectPause(attempt), Math.max(0, deadline - Date.now())));
    }
  }
}

/**
 * Milliseconds to wait before trying again. A terminated backend is replaced at once, so the first
 * try comes quickly; a restarting server takes a second or more, so later tries back off to ~2 s,
 * with jitter so that many workers do not reconnect in step.
 */
export function reconnectPause(attempt: number): number {
  return Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random());
}

import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

/**
 * Whose clock the store's times are on. `database`: PostgreSQL's `now()`, the one clock every worker
 * on every machine shares, so a worker whose clock runs ahead cannot take a live lease from another
 * and one whose clock lags cannot keep a dead lease alive. `caller`: the `now` each call passes, as
 * the JobStoreV1 spec words it (one process, or tests that drive time by hand).
 */
export type ClockSource = 'database' | 'caller';

/** The times of one store call, as SQL expressions in ms since the epoch. */
export interface CallTimes {
  /** The call's present moment. */
  readonly now: RawBuilder<number>;
  /**
   * A moment the caller named on its own clock (a retry's `retryAt`), at the same distance from
   * {@link now} as from the caller's `now`: a retry due in 5 s is due 5 s after the database's now.
   */
  at(time: unknown): RawBuilder<number>;
  /** `now` plus a duration in ms: when a lease taken or extended now runs out. */
  after(durationMs: unknown): RawBuilder<number>;
}

// now() is the transaction's start: one instant for every statement of a call.
const databaseNow = sql<number>`(extract(epoch from now()) * 1000)::bigint`;

/**
 * A whole number of ms, bound as a bigint: a number given now (a fractional `now` from a monotonic
 * clock is rounded), or a query parameter (see `CompiledQueries`) whose value the caller rounds.
 */
function milliseconds(value: unknown): RawBuilder<number> {
  return sql<number>`cast(${typeof value === 'number' ? Math.round(value) : value} as bigint)`;
}

/**
 * The times of a call made at `callerNow` on the caller's clock (a number, or a query parameter),
 * on the clock `source` names. No arithmetic happens here, only in SQL, so a query built once with
 * parameters serves every call.
 */
export function callTimes(source: ClockSource, callerNow: unknown): CallTimes {
  if (source === 'caller') {
    const now = milliseconds(callerNow);
    return { now, at: milliseconds, after: (durationMs) => sql<number>`(${now} + ${milliseconds(durationMs)})` };
  }
  return {
    now: databaseNow,
    at: (time) => sql<number>`(${databaseNow} + ${milliseconds(time)} - ${milliseconds(callerNow)})`,
    after: (durationMs) => sql<number>`(${databaseNow} + ${milliseconds(durationMs)})`,
  };
}

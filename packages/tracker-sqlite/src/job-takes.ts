import type { JsonValue } from '@cinema/core';
import { sql } from 'kysely';
import { readTakes } from './job-row.js';
import type { JobRow } from './job-row.js';
import type { StoredTake } from './schema.js';

/** What the takes of a job are worked out from. */
export type TakeColumns = Pick<JobRow, 'take' | 'takes' | 'outputs' | 'result' | 'cost_micros' | 'input_hash' | 'completed_at'>;

/**
 * The finished version in use, as a take, when it is not kept among the takes yet. Once a job is to
 * be made again (re-planned, retried) its version in use is already kept there while its outputs
 * still show it, and keeping it twice would split its cost. Its cost is what the job spent beyond
 * the kept takes.
 */
export function currentTake(row: TakeColumns, now: number): StoredTake | undefined {
  if (!hasFinishedVersion(row)) return undefined;
  const takes = readTakes(row);
  const earlier = takes.reduce((sum, kept) => sum + kept.costMicros, 0);
  return {
    take: row.take,
    outputs: JSON.parse(row.outputs) as StoredTake['outputs'],
    result: row.result === null ? null : (JSON.parse(row.result) as JsonValue),
    costMicros: Math.max(0, row.cost_micros - earlier),
    inputHash: row.input_hash,
    completedAt: row.completed_at ?? now,
  };
}

/** Whether the job's outputs are a finished version of what it was last planned as (not yet kept as a take). */
export function hasFinishedVersion(row: Pick<JobRow, 'take' | 'takes'>): boolean {
  return row.take > 0 && !readTakes(row).some((kept) => kept.take === row.take);
}

/** The takes with the version in use kept among them, before the job is made again or replaced. */
export function keepCurrentTake(row: TakeColumns, now: number): StoredTake[] {
  const current = currentTake(row, now);
  return current ? orderTakes([...readTakes(row), current]) : readTakes(row);
}

export function orderTakes(takes: StoredTake[]): StoredTake[] {
  return [...takes].sort((a, b) => a.take - b.take);
}

/** The number the job's next finished version gets: one above every take it has had. */
export function nextTakeNumber(row: Pick<JobRow, 'take' | 'takes'>): number {
  return Math.max(row.take, ...readTakes(row).map((kept) => kept.take)) + 1;
}

/** {@link nextTakeNumber} in SQL, for an UPDATE of `jobs` that needs no read first. */
export const nextTakeNumberSql = sql<number>`max(take, coalesce((select max(value ->> 'take') from json_each(takes)), 0)) + 1`;

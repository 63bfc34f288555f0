import { sql } from 'kysely';
import type { JobRow } from '../job-row.js';

/**
 * Work a worker holds or a provider has: `in_progress`, `waiting`, or `pending` with a saved
 * operation. Such a job is never re-planned, held or given another take: its result is on its way.
 */
export function inFlight(row: Pick<JobRow, 'status' | 'operation'>): boolean {
  return row.status === 'in_progress' || row.status === 'waiting' || (row.status === 'pending' && row.operation !== null);
}

/** The negation of {@link inFlight}, as a WHERE term. */
export const notInFlight = sql<boolean>`not (status in ('in_progress', 'waiting') or (status = 'pending' and operation is not null))`;

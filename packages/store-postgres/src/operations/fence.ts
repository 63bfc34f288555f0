import type { JobLease } from '@cinema/core';
import { sql } from 'kysely';
import type { UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { StoreDatabase } from '../schema.js';

/** A job a worker holds under a lease. Written literally so the `jobs_active` partial index applies. */
export const activeStatus = sql<boolean>`status in ('in_progress', 'waiting')`;

/** Only the lease holder may write: the job, with this token, still leased. */
export function fenced<O>(query: UpdateQueryBuilder<StoreDatabase, 'jobs', 'jobs', O>, lease: JobLease) {
  return query.where('movie_id', '=', lease.movieId).where('key', '=', lease.key).where('lease_token', '=', lease.token).where(activeStatus);
}

/** Runs a fenced UPDATE: true when it changed the job, false when the lease is gone. */
export async function changedOne(query: { executeTakeFirst(): Promise<UpdateResult> }): Promise<boolean> {
  const result = await query.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export type JobsUpdate = UpdateQueryBuilder<StoreDatabase, 'jobs', 'jobs', UpdateResult>;

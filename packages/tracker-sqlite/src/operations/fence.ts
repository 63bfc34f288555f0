import type { JobLease } from '@cinema/core';
import { sql } from 'kysely';
import type { Compilable, UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { Placeholders } from '../query-runner.js';
import type { StoreDatabase } from '../schema.js';
import type { StoreContext } from '../store-context.js';

/** A job a worker holds under a lease. Written literally so the `jobs_active` partial index applies. */
export const activeStatus = sql<boolean>`status in ('in_progress', 'waiting')`;

export function leaseParameters(lease: JobLease) {
  return { movieId: lease.movieId, key: lease.key, token: lease.token };
}

/** Only the lease holder may write: `lease` holds values or placeholders named movieId, key, token. */
export function fenced<O>(query: UpdateQueryBuilder<StoreDatabase, 'jobs', 'jobs', O>, lease: Placeholders) {
  return query.where('movie_id', '=', lease.movieId).where('key', '=', lease.key).where('lease_token', '=', lease.token).where(activeStatus);
}

/**
 * A single fenced UPDATE, prepared once per `id`: true when it changed the job, false when the lease
 * is gone. `set` gets the fenced query and placeholders for `values`.
 */
export function fencedUpdate(
  context: StoreContext,
  id: string,
  lease: JobLease,
  values: Record<string, unknown>,
  set: (query: UpdateQueryBuilder<StoreDatabase, 'jobs', 'jobs', UpdateResult>, p: Placeholders) => Compilable<UpdateResult>,
): boolean {
  const parameters = { ...leaseParameters(lease), ...values };
  return context.queries.prepared(`fenced.${id}`, (p) => set(fenced(context.db.updateTable('jobs'), p), p)).run(parameters) > 0;
}

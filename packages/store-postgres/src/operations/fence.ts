import type { JobLease } from '@cinema/core';
import { sql } from 'kysely';
import type { UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { Parameters } from '../compiled-queries.js';
import type { StoreDatabase } from '../schema.js';
import type { CallTimes } from '../store-clock.js';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';

/** A job a worker holds under a lease. Written literally so the `jobs_active` partial index applies. */
export const activeStatus = sql<boolean>`status in ('in_progress', 'waiting')`;

type JobsUpdate = UpdateQueryBuilder<StoreDatabase, 'jobs', 'jobs', UpdateResult>;

/** Only the lease holder may write: the job, with this token, still leased. `p` holds movieId, key and token. */
export function fenced<O>(query: UpdateQueryBuilder<StoreDatabase, 'jobs', 'jobs', O>, p: Parameters) {
  return query.where('movie_id', '=', p.movieId).where('key', '=', p.key).where('lease_token', '=', p.token).where(activeStatus);
}

/**
 * A fenced UPDATE, compiled once per `id`: true when it changed the job, false when the lease is
 * gone. `set` gets the fenced query, the parameters (`values` by name, and `now`) and the call's
 * times, and must build the same shape for one id.
 */
export async function fencedUpdate(
  context: StoreContext,
  id: string,
  lease: JobLease,
  now: number,
  values: Record<string, unknown>,
  set: (query: JobsUpdate, p: Parameters, times: CallTimes) => JobsUpdate,
): Promise<boolean> {
  const result = await context.compiled.run(
    context.db,
    `fenced.${id}`,
    (p) => set(fenced(context.db.updateTable('jobs'), p), p, callTimes(context.clock, p.now)),
    { movieId: lease.movieId, key: lease.key, token: lease.token, now: Math.round(now), ...values },
  );
  return (result.numAffectedRows ?? 0n) > 0n;
}

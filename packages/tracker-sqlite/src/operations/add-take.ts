import type { JobOutput, JsonValue } from '@cinema/core';
import { nullableJson } from '../job-row.js';
import { keepCurrentTake, nextTakeNumber } from '../job-takes.js';
import type { StoreContext } from '../store-context.js';
import { getJobRow } from './get-job.js';
import { inFlight } from './in-flight.js';
import { requireMovie } from './movies.js';
import { recountDependencies } from './recount-dependencies.js';

/**
 * Puts a version made elsewhere (the user's own file) in use as the job's next take, at no cost:
 * the version in use, if any, joins the takes and the job is `completed` with these outputs and
 * result. Returns the new take's number, or undefined when the job does not exist or is in flight.
 */
export function addTake(context: StoreContext, movieId: string, key: string, take: { outputs: JobOutput[]; result?: JsonValue }, now: number): number | undefined {
  const { db, queries } = context;
  requireMovie(context, movieId);
  const row = getJobRow(context, movieId, key);
  if (!row || inFlight(row)) return undefined;
  const number = nextTakeNumber(row);
  queries.run(
    db
      .updateTable('jobs')
      .set({
        status: 'completed',
        take: number,
        outputs: JSON.stringify(take.outputs),
        result: nullableJson(take.result),
        takes: JSON.stringify(keepCurrentTake(row, now)),
        completed_at: now,
        updated_at: now,
        lease_owner: null,
        lease_expires_at: null,
      })
      .where('movie_id', '=', movieId)
      .where('key', '=', key),
  );
  recountDependencies(context, movieId);
  return number;
}

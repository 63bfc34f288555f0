import { nullableJson, readTakes } from '../job-row.js';
import { keepCurrentTake } from '../job-takes.js';
import type { StoreContext } from '../store-context.js';
import { getJobRow } from './get-job.js';
import { inFlight } from './in-flight.js';
import { requireMovie } from './movies.js';
import { recountDependencies } from './recount-dependencies.js';

/**
 * Puts kept take `take` back in use: the version in use joins the takes, the picked one leaves them,
 * and the job is `completed` with the picked outputs, result, input hash and completion time. True
 * too when `take` is already the completed job's take in use (nothing changes); false when the job
 * or the take does not exist or the job is in flight.
 */
export function pickTake(context: StoreContext, movieId: string, key: string, take: number, now: number): boolean {
  const { db, queries } = context;
  requireMovie(context, movieId);
  const row = getJobRow(context, movieId, key);
  if (!row || inFlight(row)) return false;
  const picked = readTakes(row).find((kept) => kept.take === take);
  if (!picked) return row.status === 'completed' && row.take === take;
  queries.run(
    db
      .updateTable('jobs')
      .set({
        status: 'completed',
        take,
        outputs: JSON.stringify(picked.outputs),
        result: nullableJson(picked.result),
        input_hash: picked.inputHash,
        completed_at: picked.completedAt,
        takes: JSON.stringify(keepCurrentTake(row, now).filter((kept) => kept.take !== take)),
        updated_at: now,
      })
      .where('movie_id', '=', movieId)
      .where('key', '=', key),
  );
  // Dependents waiting for the job may run now; those made from the old take are found stale by their hashes.
  recountDependencies(context, movieId);
  return true;
}

import type { JobOutput, JsonValue } from '@cinema/core';
import { toJob } from '../job-row.js';
import type { StoreContext } from '../store-context.js';
import { byTakeNumber, currentTake, isInFlight, nextTake } from '../takes.js';
import { withLockedJob } from './locked-job.js';

/**
 * Puts a version made elsewhere in use as the job's next take (cost 0): the current version joins
 * the takes. Returns the new take's number, or undefined when the job does not exist or is in
 * flight. One transaction.
 */
export async function addTake(context: StoreContext, movieId: string, key: string, take: { outputs: JobOutput[]; result?: JsonValue }, now: number): Promise<number | undefined> {
  return withLockedJob<number | undefined>(context, movieId, key, now, undefined, async (row, times, { db }) => {
    const job = toJob(row);
    if (isInFlight(job)) return undefined;
    const current = currentTake(job, Number(row.now));
    const number = nextTake(job);
    await db
      .updateTable('jobs')
      .set({
        status: 'completed',
        take: number,
        takes: JSON.stringify(byTakeNumber([...job.takes, ...(current ? [current] : [])])),
        outputs: JSON.stringify(take.outputs),
        result: take.result === undefined || take.result === null ? null : JSON.stringify(take.result),
        completed_at: times.now,
        updated_at: times.now,
        lease_owner: null,
        lease_expires_at: null,
      })
      .where('movie_id', '=', movieId)
      .where('key', '=', key)
      .execute();
    return number;
  });
}

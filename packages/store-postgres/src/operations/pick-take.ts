import { toJob } from '../job-row.js';
import type { StoreContext } from '../store-context.js';
import { byTakeNumber, currentTake, isInFlight } from '../takes.js';
import { withLockedJob } from './locked-job.js';

/**
 * Makes take `take` of a job the one in use: the current version joins the takes, the picked one
 * leaves them, and the job is completed with the picked outputs, result and input hash. False when
 * the job or the take does not exist, or the job is in flight. One transaction.
 */
export async function pickTake(context: StoreContext, movieId: string, key: string, take: number, now: number): Promise<boolean> {
  return withLockedJob(context, movieId, key, now, false, async (row, times, { db }) => {
    const job = toJob(row);
    if (isInFlight(job)) return false;
    const picked = job.takes.find((candidate) => candidate.take === take);
    if (!picked) return job.status === 'completed' && job.take === take;
    const current = currentTake(job, Number(row.now));
    const takes = byTakeNumber([...job.takes.filter((candidate) => candidate !== picked), ...(current ? [current] : [])]);
    await db
      .updateTable('jobs')
      .set({
        status: 'completed',
        take: picked.take,
        takes: JSON.stringify(takes),
        outputs: JSON.stringify(picked.outputs),
        result: picked.result === null ? null : JSON.stringify(picked.result),
        input_hash: picked.inputHash,
        completed_at: picked.completedAt,
        updated_at: times.now,
      })
      .where('movie_id', '=', movieId)
      .where('key', '=', key)
      .execute();
    return true;
  });
}

import type { Job, JobTake } from '@cinema/core';

/**
 * The version in use as a take, once the job has one: what `retry`, a re-plan, `pickTake` and
 * `addTake` keep when they replace it. Its cost is what the job cost beyond its earlier takes.
 */
export function currentTake(job: Job, now: number): JobTake | undefined {
  if (job.take === 0) return undefined;
  const earlier = job.takes.reduce((sum, take) => sum + take.costUsd, 0);
  return { take: job.take, outputs: job.outputs, result: job.result, costUsd: Math.max(0, job.costUsd - earlier), inputHash: job.inputHash, completedAt: job.completedAt ?? now };
}

/** The number the job's next finished version gets. */
export function nextTake(job: Pick<Job, 'take' | 'takes'>): number {
  return Math.max(job.take, ...job.takes.map((take) => take.take)) + 1;
}

/** Takes in the order they were made. */
export function byTakeNumber(takes: JobTake[]): JobTake[] {
  return [...takes].sort((a, b) => a.take - b.take);
}

/** Work a provider holds or a worker runs: never re-planned, held, picked over or replaced. */
export function isInFlight(job: Pick<Job, 'status' | 'operation'>): boolean {
  return job.status === 'in_progress' || job.status === 'waiting' || (job.status === 'pending' && job.operation !== null);
}

import type { JobStatus, JobSummary, StageSummary } from './v1/index.js';

export function emptyStageSummary(): StageSummary {
  return { total: 0, pending: 0, inProgress: 0, waiting: 0, completed: 0, failed: 0, cancelled: 0, retired: 0, costUsd: 0 };
}

const field: Record<JobStatus, keyof Omit<StageSummary, 'total' | 'costUsd'>> = {
  pending: 'pending',
  in_progress: 'inProgress',
  waiting: 'waiting',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  retired: 'retired',
};

/** Folds rows of (stage, status, count, cost, estimate) into a summary; stores feed it from a GROUP BY. */
export function summarizeJobs(
  rows: Iterable<{ stage: string; status: JobStatus; count: number; costUsd: number; estimatedCostUsd: number }>,
): JobSummary {
  const summary: JobSummary = { ...emptyStageSummary(), stages: {}, remainingEstimateUsd: 0 };
  for (const row of rows) {
    const stage = (summary.stages[row.stage] ??= emptyStageSummary());
    for (const target of [summary, stage]) {
      // Retired jobs are out of the plan: counted apart, though what they cost stays spent.
      if (row.status !== 'retired') target.total += row.count;
      target[field[row.status]] += row.count;
      target.costUsd += row.costUsd;
    }
    if (row.status !== 'completed' && row.status !== 'retired') summary.remainingEstimateUsd += row.estimatedCostUsd;
  }
  return summary;
}

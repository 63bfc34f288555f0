import type { StageSummary } from './stage-summary.js';

/**
 * A movie's jobs counted by status, in total and per stage, as `summarize` returns them; what
 * `cinema status` shows and how a run decides it is finished.
 */
export interface JobSummary extends StageSummary {
  /** The same counts per stage, by stage name; a stage with no jobs is absent. */
  stages: Record<string, StageSummary>;
  /** Estimated cost of every job not yet completed, failed and cancelled ones included. */
  remainingEstimateUsd: number;
}

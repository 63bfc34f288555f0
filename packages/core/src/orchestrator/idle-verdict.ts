import type { Job, JobSummary } from '../job-store/v1/index.js';
import type { RunStatus } from './events.js';

export interface IdleVerdictInput {
  summary: Pick<JobSummary, 'inProgress' | 'waiting' | 'pending' | 'failed' | 'cancelled' | 'costUsd'>;
  /** Pending jobs whose dependencies are all complete and that are not held. */
  ready: readonly Pick<Job, 'runAt' | 'lane' | 'estimatedCostUsd'>[];
  /** Pending jobs whose dependencies are all complete but that wait for approval. Default: 0. */
  held?: number;
  now: number;
  /** When the lane may start its next request (rate limits, a 429's Retry-After). */
  laneReadyAt: (lane: string, now: number) => number;
  maxCostUsd: number | undefined;
  idlePollMs: number;
}

export type IdleVerdict =
  /** Look again after `waitMs`; `reclaim`: other processes hold jobs, take them over once their leases lapse. */
  | { kind: 'wait'; waitMs: number; reclaim: boolean }
  | { kind: 'done'; status: Exclude<RunStatus, 'running' | 'stopped'> };

/**
 * Nothing runs in this process: is the movie finished, stuck, over budget, or waiting for
 * something (a retry's time, a rate limit, another process)? A pure function of what the store said.
 */
export function decideIdle({ summary, ready, held = 0, now, laneReadyAt, maxCostUsd, idlePollMs }: IdleVerdictInput): IdleVerdict {
  if (summary.inProgress + summary.waiting > 0) return { kind: 'wait', waitMs: idlePollMs, reclaim: true };
  if (summary.pending === 0) return { kind: 'done', status: summary.failed + summary.cancelled > 0 ? 'failed' : 'completed' };
  // Nothing else can start: what is left waits for the user's approval.
  if (ready.length === 0 && held > 0) return { kind: 'done', status: 'awaiting_review' };
  // Pending jobs, none ready: they wait on a failed or cancelled job and never will be.
  if (ready.length === 0) return { kind: 'done', status: 'failed' };
  let soonest = Infinity;
  let overBudget = 0;
  for (const job of ready) {
    const at = Math.max(job.runAt, laneReadyAt(job.lane, now));
    if (at > now) soonest = Math.min(soonest, at);
    else if (maxCostUsd !== undefined && summary.costUsd + job.estimatedCostUsd > maxCostUsd) overBudget++;
    else soonest = now;
  }
  if (soonest !== Infinity) return { kind: 'wait', waitMs: Math.max(1, soonest - now), reclaim: false };
  if (overBudget > 0) return { kind: 'done', status: 'budget_exceeded' };
  return { kind: 'wait', waitMs: idlePollMs, reclaim: false };
}

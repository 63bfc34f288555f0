import { describe, expect, it } from 'vitest';
import { decideIdle, type IdleVerdictInput } from './idle-verdict.js';

const now = 10_000;
const summary = { inProgress: 0, waiting: 0, pending: 0, failed: 0, cancelled: 0, costUsd: 0 };
function idle(overrides: Partial<IdleVerdictInput>) {
  return decideIdle({ summary, ready: [], now, laneReadyAt: () => 0, maxCostUsd: undefined, idlePollMs: 500, ...overrides });
}

describe('decideIdle', () => {
  it('waits and reclaims while other processes hold jobs', () => {
    expect(idle({ summary: { ...summary, waiting: 1, pending: 3 } })).toEqual({ kind: 'wait', waitMs: 500, reclaim: true });
  });

  it('is done when nothing is pending: completed, or failed when any job failed or was cancelled', () => {
    expect(idle({})).toEqual({ kind: 'done', status: 'completed' });
    expect(idle({ summary: { ...summary, cancelled: 1 } })).toEqual({ kind: 'done', status: 'failed' });
  });

  it('waits for review when only held jobs could start', () => {
    expect(idle({ summary: { ...summary, pending: 2 }, held: 1 })).toEqual({ kind: 'done', status: 'awaiting_review' });
    const ready = [{ runAt: now, lane: 'fal', estimatedCostUsd: 0 }];
    expect(idle({ summary: { ...summary, pending: 2 }, ready, held: 1 })).toEqual({ kind: 'wait', waitMs: 1, reclaim: false });
  });

  it('fails when pending jobs can never become ready', () => {
    expect(idle({ summary: { ...summary, pending: 2, failed: 1 } })).toEqual({ kind: 'done', status: 'failed' });
  });

  it('sleeps until the soonest retry time or lane opening', () => {
    const ready = [
      { runAt: now + 3000, lane: 'fal', estimatedCostUsd: 0 },
      { runAt: now, lane: 'replicate', estimatedCostUsd: 0 },
    ];
    expect(idle({ summary: { ...summary, pending: 2 }, ready, laneReadyAt: (lane) => (lane === 'replicate' ? now + 1200 : 0) })).toEqual({ kind: 'wait', waitMs: 1200, reclaim: false });
  });

  it('reports the budget when only jobs over it are left', () => {
    const ready = [{ runAt: now, lane: 'fal', estimatedCostUsd: 2 }];
    expect(idle({ summary: { ...summary, pending: 1, costUsd: 9 }, ready, maxCostUsd: 10 })).toEqual({ kind: 'done', status: 'budget_exceeded' });
    expect(idle({ summary: { ...summary, pending: 1, costUsd: 7 }, ready, maxCostUsd: 10 })).toEqual({ kind: 'wait', waitMs: 1, reclaim: false });
  });
});

import type { Job, JobSpec } from '@cinema/core';
import { describe, expect, it } from 'vitest';
import { newJobRow, toJob } from './job-row.js';
import type { JobRow } from './job-row.js';

const now = 1_700_000_000_000;

function spec(overrides: Partial<JobSpec> = {}): JobSpec {
  return { key: 'keyframe:scene_1', stage: 'keyframes', lane: 'fal', input: { prompt: 'a lighthouse' }, inputHash: 'sha:1', dependsOn: ['screenplay'], ...overrides };
}

describe('newJobRow', () => {
  it('plans a pending job with the documented defaults, as a Job reads back', () => {
    expect(toJob(newJobRow('movie-1', spec(), now))).toEqual({
      key: 'keyframe:scene_1',
      movieId: 'movie-1',
      stage: 'keyframes',
      lane: 'fal',
      input: { prompt: 'a lighthouse' },
      inputHash: 'sha:1',
      dependsOn: ['screenplay'],
      priority: 0,
      maxAttempts: 3,
      estimatedCostUsd: 0,
      held: false,
      sceneId: null,
      characterId: null,
      status: 'pending',
      attempts: 0,
      pendingDependencies: 1,
      runAt: now,
      leaseOwner: null,
      leaseToken: 0,
      leaseExpiresAt: null,
      submitKey: null,
      operation: null,
      outputs: [],
      take: 0,
      takes: [],
      result: null,
      errors: [],
      costUsd: 0,
      createdAt: now,
      updatedAt: now,
      firstStartedAt: null,
      completedAt: null,
    } satisfies Job);
  });

  it('keeps what the spec sets, with the estimate in integer micro-dollars', () => {
    const row = newJobRow('movie-1', spec({ priority: -2, maxAttempts: 7, estimatedCostUsd: 0.1 + 0.2, sceneId: 'scene_1', characterId: 'ana' }), now);
    expect(row).toMatchObject({ priority: -2, max_attempts: 7, estimated_cost_micros: 300_000, scene_id: 'scene_1', character_id: 'ana' });
    expect(toJob(row)).toMatchObject({ priority: -2, maxAttempts: 7, estimatedCostUsd: 0.3, sceneId: 'scene_1', characterId: 'ana' });
  });
});

describe('toJob', () => {
  const row: JobRow = {
    ...newJobRow('movie-1', spec({ input: 'plain text' }), now),
    status: 'waiting',
    attempts: 2,
    lease_owner: 'worker-1',
    lease_token: 5,
    lease_expires_at: now + 60_000,
    submit_key: 'idem-1',
    operation: '{"requestId":"r-1","poll":{"every":2.5}}',
    outputs: '[{"path":"a.png","sha256":"ab","bytes":3}]',
    result: '[1,"two",null]',
    errors: '[{"attempt":1,"message":"500","category":"server","isRetryable":true,"at":1}]',
    cost_micros: 12_500,
  };

  it('parses the JSON columns and turns micro-dollars into dollars', () => {
    expect(toJob(row)).toMatchObject({
      input: 'plain text',
      status: 'waiting',
      attempts: 2,
      leaseOwner: 'worker-1',
      leaseToken: 5,
      leaseExpiresAt: now + 60_000,
      submitKey: 'idem-1',
      operation: { requestId: 'r-1', poll: { every: 2.5 } },
      outputs: [{ path: 'a.png', sha256: 'ab', bytes: 3 }],
      result: [1, 'two', null],
      errors: [{ attempt: 1, message: '500', category: 'server', isRetryable: true, at: 1 }],
      costUsd: 0.0125,
    });
  });

  it('reads a saved JSON null operation or result as null, like a missing one', () => {
    expect(toJob({ ...row, operation: 'null', result: 'null' })).toMatchObject({ operation: null, result: null });
    expect(toJob({ ...row, operation: null, result: null })).toMatchObject({ operation: null, result: null });
  });

  it('gives every caller its own objects', () => {
    const first = toJob(row);
    (first.operation as { requestId: string }).requestId = 'changed';
    expect(toJob(row).operation).toEqual({ requestId: 'r-1', poll: { every: 2.5 } });
  });
});

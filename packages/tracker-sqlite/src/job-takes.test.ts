import { describe, expect, it } from 'vitest';
import { newJobRow } from './job-row.js';
import type { JobRow } from './job-row.js';
import { currentTake, hasFinishedVersion, keepCurrentTake, nextTakeNumber } from './job-takes.js';
import type { StoredTake } from './schema.js';

const now = 1_700_000_000_000;
const output = (name: string) => ({ path: `${name}.png`, sha256: name.padEnd(64, '0'), bytes: 10 });

function kept(take: number, costMicros: number): StoredTake {
  return { take, outputs: [output(`take-${take}`)], result: null, costMicros, inputHash: `hash:${take}`, completedAt: now + take };
}

function row(overrides: Partial<JobRow>): JobRow {
  return { ...newJobRow('movie-1', { key: 'a', stage: 's', lane: 'l', input: null, inputHash: 'hash:now', dependsOn: [] }, now), ...overrides };
}

describe('currentTake', () => {
  it('is the finished version in use, costing what the job spent beyond its kept takes', () => {
    const completed = row({ status: 'completed', take: 3, takes: JSON.stringify([kept(1, 400_000), kept(2, 250_000)]), outputs: JSON.stringify([output('three')]), result: '{"n":3}', cost_micros: 1_000_000, completed_at: now + 3 });
    expect(currentTake(completed, now + 99)).toEqual({ take: 3, outputs: [output('three')], result: { n: 3 }, costMicros: 350_000, inputHash: 'hash:now', completedAt: now + 3 });
  });

  it('is undefined before the job first completed, and once its version is kept already (it is being made again)', () => {
    expect(currentTake(row({ take: 0 }), now)).toBeUndefined();
    const remaking = row({ status: 'pending', take: 1, takes: JSON.stringify([kept(1, 500_000)]), cost_micros: 500_000 });
    expect(currentTake(remaking, now)).toBeUndefined();
    expect(hasFinishedVersion(remaking)).toBe(false);
    expect(keepCurrentTake(remaking, now)).toEqual([kept(1, 500_000)]);
  });

  it('never gives a negative cost, and dates a version with no completion time now', () => {
    expect(currentTake(row({ take: 2, takes: JSON.stringify([kept(1, 500_000)]), cost_micros: 100_000, completed_at: null }), now + 7)).toMatchObject({ costMicros: 0, completedAt: now + 7 });
  });
});

describe('keepCurrentTake and nextTakeNumber', () => {
  it('keeps the takes ordered by number when an earlier take was picked back', () => {
    // Take 1 picked back over take 2: keeping it puts it before 2.
    const picked = row({ status: 'completed', take: 1, takes: JSON.stringify([kept(2, 100)]), cost_micros: 300 });
    expect(keepCurrentTake(picked, now).map((take) => [take.take, take.costMicros])).toEqual([
      [1, 200],
      [2, 100],
    ]);
    expect(nextTakeNumber(picked)).toBe(3);
  });

  it('numbers the first take 1', () => {
    expect(nextTakeNumber(row({}))).toBe(1);
  });
});

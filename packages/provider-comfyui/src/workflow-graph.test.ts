import { describe, expect, it } from 'vitest';
import { frameCountFor, seedFromKey } from './workflow-graph.js';

describe('frameCountFor', () => {
  it('counts frames at the workflow\'s rate, raised to the shape the model takes', () => {
    const wan = { nodeId: '50', input: 'length', framesPerSecond: 16, multipleOf: 4 };
    expect([2, 3, 4, 5].map((seconds) => frameCountFor(seconds, wan))).toEqual([33, 49, 65, 81]);
    expect(frameCountFor(5, { nodeId: '1', input: 'length', framesPerSecond: 24, multipleOf: 8 })).toBe(121);
    expect(frameCountFor(2.5, { nodeId: '1', input: 'frames' })).toBe(40);
  });
});

describe('seedFromKey', () => {
  it('is the same for a job\'s key every time and differs between jobs, within 32 bits', () => {
    expect(seedFromKey('cinema-a')).toBe(seedFromKey('cinema-a'));
    expect(seedFromKey('cinema-a')).not.toBe(seedFromKey('cinema-b'));
    expect(seedFromKey('cinema-a')).toBeLessThan(2 ** 32);
  });
});

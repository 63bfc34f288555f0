import { describe, expect, it } from 'vitest';
import { qualityOf } from './format-jobs.js';

const error = (category: 'quality' | 'network') => ({ attempt: 1, message: 'x', category, isRetryable: true, at: 0 });

describe('qualityOf', () => {
  it("says the judge's score, a flag when no take passed, and how often failed checks re-took it", () => {
    expect(qualityOf({ status: 'completed', result: { judge: { score: 0.853, problems: [] } }, errors: [] })).toBe('judge 0.85');
    expect(qualityOf({ status: 'completed', result: { judge: { score: 0.5, problems: ['the beam is missing'], flagged: true } }, errors: [error('quality'), error('quality')] })).toBe(
      'judge 0.50, flagged: the beam is missing, re-taken 2x after failed checks',
    );
    expect(qualityOf({ status: 'completed', result: null, errors: [error('network')] })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { fromMicros, toMicros } from './micros.js';

describe('micro-dollars', () => {
  it('makes sums of costs exact where dollars in floating point are not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(toMicros(0.1) + toMicros(0.2)).toBe(toMicros(0.3));
    expect(fromMicros(toMicros(0.1) + toMicros(0.2))).toBe(0.3);
  });

  it('rounds below a micro-dollar to the nearest one', () => {
    expect([toMicros(0.0000004), toMicros(0.0000006), toMicros(12.3456789)]).toEqual([0, 1, 12_345_679]);
    expect(fromMicros(12_500)).toBe(0.0125);
  });
});

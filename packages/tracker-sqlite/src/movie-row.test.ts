import { describe, expect, it } from 'vitest';
import { toMovie } from './movie-row.js';

describe('toMovie', () => {
  it('parses the input and state, and reads a movie never saved as state null', () => {
    const row = { id: 'movie-1', input: '{"script":"a.fountain"}', state: null, spent_micros: 7, created_at: 1, updated_at: 2 };
    expect(toMovie(row)).toEqual({ id: 'movie-1', createdAt: 1, updatedAt: 2, input: { script: 'a.fountain' }, state: null });
    expect(toMovie({ ...row, state: '{"stage":"keyframes"}' }).state).toEqual({ stage: 'keyframes' });
  });
});

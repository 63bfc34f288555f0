import { describe, expect, it } from 'vitest';
import {
  ApiCallError,
  BudgetExceededError,
  CinemaError,
  ConfigError,
  InvalidInputError,
  InvalidResponseError,
  JobStoreError,
  MovieNotFoundError,
  UnsupportedFunctionalityError,
} from './index.js';

const examples = {
  ApiCallError: new ApiCallError({ message: 'boom', url: 'https://example.test', statusCode: 500 }),
  BudgetExceededError: new BudgetExceededError({ message: 'over' }),
  ConfigError: new ConfigError({ message: 'bad field' }),
  InvalidInputError: new InvalidInputError({ message: 'bad script' }),
  InvalidResponseError: new InvalidResponseError({ message: 'bad json' }),
  JobStoreError: new JobStoreError({ message: 'corrupt' }),
  MovieNotFoundError: new MovieNotFoundError({ movieId: 'lh', where: '/tmp' }),
  UnsupportedFunctionalityError: new UnsupportedFunctionalityError({ message: 'no video' }),
};

const classes = {
  ApiCallError,
  BudgetExceededError,
  ConfigError,
  InvalidInputError,
  InvalidResponseError,
  JobStoreError,
  MovieNotFoundError,
  UnsupportedFunctionalityError,
};

describe('error markers', () => {
  for (const [name, errorClass] of Object.entries(classes)) {
    it(`${name}.isInstance accepts its own errors and no sibling's`, () => {
      for (const [otherName, error] of Object.entries(examples)) {
        expect(errorClass.isInstance(error), `${name}.isInstance(${otherName})`).toBe(otherName === name);
      }
      expect(errorClass.isInstance(new CinemaError({ message: 'base' }))).toBe(false);
      expect(errorClass.isInstance(new Error('plain'))).toBe(false);
      expect(errorClass.isInstance(undefined)).toBe(false);
    });
  }

  it('CinemaError.isInstance accepts every subclass', () => {
    for (const error of Object.values(examples)) expect(CinemaError.isInstance(error)).toBe(true);
    expect(CinemaError.isInstance(new Error('plain'))).toBe(false);
  });

  it('markers survive a second copy of the package (no instanceof)', () => {
    // What a second installed copy of @cinema/core produces: an object that is not an instance of
    // these classes but carries the same global markers.
    const copy = Object.create(null) as Record<symbol, unknown>;
    for (const symbol of Object.getOwnPropertySymbols(examples.ConfigError)) copy[symbol] = true;
    expect(copy instanceof ConfigError).toBe(false);
    expect(ConfigError.isInstance(copy)).toBe(true);
    expect(CinemaError.isInstance(copy)).toBe(true);
    expect(JobStoreError.isInstance(copy)).toBe(false);
  });
});

import { CinemaError, hasErrorMarker } from './cinema-error.js';

const marker = 'cinema.error.invalid-input';
const symbol = Symbol.for(marker);

/** The user's input (script, movie id, directory) cannot be used. */
export class InvalidInputError extends CinemaError {
  private readonly [symbol] = true;

  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ message, category: 'input', cause });
    this.name = 'InvalidInputError';
  }

  static override isInstance(error: unknown): error is InvalidInputError {
    return hasErrorMarker(error, marker);
  }
}

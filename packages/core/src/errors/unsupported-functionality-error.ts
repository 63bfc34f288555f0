import { CinemaError, hasErrorMarker } from './cinema-error.js';

const marker = 'cinema.error.unsupported-functionality';
const symbol = Symbol.for(marker);

/** A model does not support what a stage asks of it. */
export class UnsupportedFunctionalityError extends CinemaError {
  private readonly [symbol] = true;

  constructor({ message }: { message: string }) {
    super({ message, category: 'config' });
    this.name = 'UnsupportedFunctionalityError';
  }

  static override isInstance(error: unknown): error is UnsupportedFunctionalityError {
    return hasErrorMarker(error, marker);
  }
}

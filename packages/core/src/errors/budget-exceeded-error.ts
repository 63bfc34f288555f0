import { CinemaError, hasErrorMarker } from './cinema-error.js';

const marker = 'cinema.error.budget-exceeded';
const symbol = Symbol.for(marker);

/** Starting a job would pass the movie's budget cap. */
export class BudgetExceededError extends CinemaError {
  private readonly [symbol] = true;

  constructor({ message }: { message: string }) {
    super({ message, category: 'budget' });
    this.name = 'BudgetExceededError';
  }

  static override isInstance(error: unknown): error is BudgetExceededError {
    return hasErrorMarker(error, marker);
  }
}

import { CinemaError, hasErrorMarker } from './cinema-error.js';

const marker = 'cinema.error.job-store';
const symbol = Symbol.for(marker);

/** The job store cannot be used (corrupt file, a database that is not Cinema's, newer schema). */
export class JobStoreError extends CinemaError {
  private readonly [symbol] = true;

  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ message, category: 'store', cause });
    this.name = 'JobStoreError';
  }

  static override isInstance(error: unknown): error is JobStoreError {
    return hasErrorMarker(error, marker);
  }
}

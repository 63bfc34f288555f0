import { CinemaError, hasErrorMarker } from './cinema-error.js';

const marker = 'cinema.error.invalid-response';
const symbol = Symbol.for(marker);

/** A model returned output that does not match what was asked (e.g. an invalid screenplay). */
export class InvalidResponseError extends CinemaError {
  private readonly [symbol] = true;
  /** Dotted path of the first failing field, when known. */
  readonly field: string | undefined;

  /** Retryable by default: a model asked again usually answers differently. */
  constructor({ message, field, cause, isRetryable = true }: { message: string; field?: string; cause?: unknown; isRetryable?: boolean }) {
    super({ message, category: 'invalid_response', isRetryable, cause });
    this.name = 'InvalidResponseError';
    this.field = field;
  }

  static override isInstance(error: unknown): error is InvalidResponseError {
    return hasErrorMarker(error, marker);
  }
}

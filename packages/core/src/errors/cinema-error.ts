const marker = 'cinema.error';
const symbol = Symbol.for(marker);

/**
 * True when `error` carries the marker of the class named by `marker`. Markers are global symbols
 * (`Symbol.for`), so the check still works when two copies of a package are installed, where
 * `instanceof` fails; each class has its own, so a subclass check never accepts a sibling.
 */
export function hasErrorMarker(error: unknown, marker: string): boolean {
  const markerSymbol = Symbol.for(marker);
  return error != null && typeof error === 'object' && (error as Record<symbol, unknown>)[markerSymbol] === true;
}

/**
 * What kind of failure an error is. The orchestrator decides retries from it and the CLI maps it
 * to an exit code.
 */
export type ErrorCategory =
  | 'rate_limit'
  | 'server'
  | 'network'
  | 'timeout'
  | 'invalid_request'
  | 'invalid_response'
  | 'auth'
  | 'content_policy'
  | 'not_found'
  | 'budget'
  | 'config'
  | 'input'
  | 'store'
  | 'cancelled'
  | 'quality'
  | 'unknown';

export interface CinemaErrorOptions {
  message: string;
  category?: ErrorCategory;
  /** Whether trying the same call again may succeed. Default: `false`. */
  isRetryable?: boolean;
  /** Milliseconds the server asked us to wait before trying again, when it said so. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The base of every error Cinema throws. Checked with `CinemaError.isInstance(error)`, which still
 * works when two copies of `@cinema/core` are installed. Every subclass declares its own marker and
 * `isInstance` (see `ConfigError`), so `JobStoreError.isInstance(aConfigError)` is false.
 */
export class CinemaError extends Error {
  private readonly [symbol] = true;
  readonly category: ErrorCategory;
  readonly isRetryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor({ message, category = 'unknown', isRetryable = false, retryAfterMs, cause }: CinemaErrorOptions) {
    super(message, { cause });
    this.name = 'CinemaError';
    this.category = category;
    this.isRetryable = isRetryable;
    this.retryAfterMs = retryAfterMs;
  }

  static isInstance(error: unknown): error is CinemaError {
    return hasErrorMarker(error, marker);
  }
}

/** Normalises anything thrown into a CinemaError, keeping the original as `cause`. */
export function toCinemaError(error: unknown): CinemaError {
  if (CinemaError.isInstance(error)) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new CinemaError({ message: error.message || 'aborted', category: 'cancelled', cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CinemaError({ message, category: 'unknown', isRetryable: false, cause: error });
}

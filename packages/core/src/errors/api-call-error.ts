import { CinemaError, type ErrorCategory, hasErrorMarker } from './cinema-error.js';

const marker = 'cinema.error.api-call';
const symbol = Symbol.for(marker);

export interface ApiCallErrorOptions {
  message: string;
  url: string;
  statusCode?: number;
  responseBody?: string;
  /** Default: true for 408, 409, 429 and 5xx, and for network errors (no status code). */
  isRetryable?: boolean;
  retryAfterMs?: number;
  category?: ErrorCategory;
  cause?: unknown;
}

/** A provider's HTTP call failed. Provider packages map their SDK's errors to this. */
export class ApiCallError extends CinemaError {
  private readonly [symbol] = true;
  readonly url: string;
  readonly statusCode: number | undefined;
  readonly responseBody: string | undefined;

  constructor(options: ApiCallErrorOptions) {
    const { statusCode } = options;
    super({
      message: options.message,
      category: options.category ?? categoryForStatus(statusCode),
      isRetryable: options.isRetryable ?? isRetryableStatus(statusCode),
      retryAfterMs: options.retryAfterMs,
      cause: options.cause,
    });
    this.name = 'ApiCallError';
    this.url = options.url;
    this.statusCode = statusCode;
    this.responseBody = options.responseBody;
  }

  static override isInstance(error: unknown): error is ApiCallError {
    return hasErrorMarker(error, marker);
  }
}

export function isRetryableStatus(statusCode: number | undefined): boolean {
  if (statusCode == null) return true;
  return statusCode === 408 || statusCode === 409 || statusCode === 429 || statusCode >= 500;
}

export function categoryForStatus(statusCode: number | undefined): ErrorCategory {
  if (statusCode == null) return 'network';
  if (statusCode === 429) return 'rate_limit';
  if (statusCode === 401 || statusCode === 403) return 'auth';
  if (statusCode === 404) return 'not_found';
  if (statusCode === 408 || statusCode === 504) return 'timeout';
  if (statusCode >= 500) return 'server';
  return 'invalid_request';
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

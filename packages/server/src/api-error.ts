import { CinemaError, InvalidInputError, MovieNotFoundError } from '@cinema/core';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** What every refused API call answers: `{ error: { message, field? } }`. */
export interface ApiErrorBody {
  error: {
    /** What was wrong and what to do, as the CLI would say it. */
    message: string;
    /** The request field at fault, e.g. `script`, `keys.1`, `movieId`; absent when no one field is. */
    field?: string;
  };
}

/** A refusal with its HTTP status, thrown by a route and answered by {@link answerError}. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The answer to an error thrown while serving: the user's mistakes by their category, anything else a 500. */
export function answerError(error: unknown, context: Context): Response {
  if (error instanceof ApiError) return context.json(body(error.message, error.field), error.status);
  if (MovieNotFoundError.isInstance(error)) return context.json(body(error.message, 'movieId'), 404);
  if (InvalidInputError.isInstance(error)) return context.json(body(error.message), 400);
  if (CinemaError.isInstance(error)) return context.json(body(error.message), 500);
  return context.json(body(`cinema serve failed: ${(error as Error).message ?? String(error)}`), 500);
}

function body(message: string, field?: string): ApiErrorBody {
  return { error: field === undefined ? { message } : { message, field } };
}

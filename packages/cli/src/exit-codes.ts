import { CinemaError, type RunStatus } from '@cinema/core';

/** What `cinema` exits with, so scripts can tell a typo from an outage from a budget stop. */
export const exitCodes = {
  ok: 0,
  internal: 1,
  input: 2,
  config: 3,
  notFound: 4,
  budget: 5,
  store: 6,
  jobsFailed: 7,
  auth: 8,
  provider: 9,
  stopped: 130,
} as const;

export function exitCodeForError(error: unknown): number {
  if (!CinemaError.isInstance(error)) return exitCodes.internal;
  switch (error.category) {
    case 'input':
      return exitCodes.input;
    case 'config':
      return exitCodes.config;
    case 'not_found':
      return exitCodes.notFound;
    case 'budget':
      return exitCodes.budget;
    case 'store':
      return exitCodes.store;
    case 'auth':
      return exitCodes.auth;
    case 'cancelled':
      return exitCodes.stopped;
    case 'rate_limit':
    case 'server':
    case 'network':
    case 'timeout':
    case 'invalid_request':
    case 'invalid_response':
    case 'content_policy':
      return exitCodes.provider;
    default:
      return exitCodes.internal;
  }
}

/**
 * A run that stops at the review gate did what it was asked: it made everything up to the gate. It
 * exits 0, as `completed` does, and the summary says what waits and the command that goes on.
 */
export function exitCodeForStatus(status: RunStatus): number {
  switch (status) {
    case 'completed':
    case 'awaiting_review':
    // Only a detached generate ends `running`: its jobs are planned for the workers.
    case 'running':
      return exitCodes.ok;
    case 'stopped':
      return exitCodes.stopped;
    case 'budget_exceeded':
      return exitCodes.budget;
    default:
      return exitCodes.jobsFailed;
  }
}

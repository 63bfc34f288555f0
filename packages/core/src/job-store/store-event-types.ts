import type { StoreEventType } from './v1/index.js';

/** Every event type of the store's log (see `StoreEventType`); e.g. the choices of a webhook's `events`. */
export const storeEventTypes: readonly StoreEventType[] = [
  'movie.created',
  'movie.run_ended',
  'job.created',
  'job.claimed',
  'job.submitted',
  'job.completed',
  'job.attempt_failed',
  'job.failed',
  'job.released',
  'job.retried',
  'job.cancelled',
  'job.retired',
  'job.restored',
  'job.held',
  'job.approved',
];

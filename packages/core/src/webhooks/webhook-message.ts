import type { StoreEvent } from '../job-store/v1/index.js';

/** What is POSTed for one event: its id (receivers de-duplicate by it) and the JSON body. */
export interface WebhookMessage {
  /** `webhook-id`: the same for every attempt at the event, e.g. `evt_the-lighthouse-3f2a1b_42`. */
  id: string;
  body: string;
}

/**
 * The message of an event, in the Standard Webhooks shape: `{ type, timestamp, data }`, where
 * `data` is the `StoreEvent` and `timestamp` the ISO time of the change.
 */
export function webhookMessage(event: StoreEvent): WebhookMessage {
  return {
    id: `evt_${event.movieId}_${event.seq}`,
    body: JSON.stringify({ type: event.type, timestamp: new Date(event.at).toISOString(), data: event }),
  };
}

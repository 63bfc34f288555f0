import type { StoreEventType } from '../job-store/v1/index.js';

/** An event type, or every type of a kind: `job.*`, `movie.*`. */
export type WebhookEventFilter = StoreEventType | 'job.*' | 'movie.*';

/** One receiver of the store's events (config `webhooks`). */
export interface WebhookConfig {
  /** Where events are POSTed, e.g. `https://n8n.example.com/webhook/cinema`. */
  url: string;
  /** The events to send. Default: every event. */
  events?: WebhookEventFilter[];
  /**
   * The signing secret, `whsec_` and base64 (Standard Webhooks): the receiver checks the
   * `webhook-signature` header with it. Keep it out of the file: `process.env.CINEMA_WEBHOOK_SECRET`.
   */
  secret: string;
}

/** Whether the webhook asked for events of this type. */
export function wantsEvent(webhook: Pick<WebhookConfig, 'events'>, type: StoreEventType): boolean {
  if (!webhook.events || webhook.events.length === 0) return true;
  return webhook.events.some((filter) => filter === type || (filter.endsWith('.*') && type.startsWith(filter.slice(0, -1))));
}

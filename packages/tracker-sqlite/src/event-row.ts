import type { StoreEvent, WebhookDelivery } from '@cinema/core';
import type { Selectable } from 'kysely';
import { fromMicros } from './micros.js';
import type { EventsTable, WebhookDeliveriesTable } from './schema.js';

export function toStoreEvent(row: Selectable<EventsTable>): StoreEvent {
  return {
    seq: row.seq,
    type: row.type,
    movieId: row.movie_id,
    jobKey: row.job_key,
    stage: row.stage,
    status: row.status,
    attempts: row.attempts,
    costUsd: row.cost_micros === null ? null : fromMicros(row.cost_micros),
    error: row.error,
    at: row.at,
  };
}

export function toWebhookDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    webhookId: row.webhook_id,
    deliveredSeq: row.delivered_seq,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    owner: row.owner,
    leaseExpiresAt: row.lease_expires_at,
  };
}

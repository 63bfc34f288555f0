import type { StoreEvent, WebhookDelivery } from '@cinema/core';
import type { Selectable } from 'kysely';
import { fromMicros } from './micros.js';
import type { EventsTable, WebhookDeliveriesTable } from './schema.js';

export function toStoreEvent(row: Selectable<EventsTable>): StoreEvent {
  return {
    seq: Number(row.seq),
    type: row.type,
    movieId: row.movie_id,
    jobKey: row.job_key,
    stage: row.stage,
    status: row.status,
    attempts: row.attempts,
    costUsd: row.cost_micros === null ? null : fromMicros(row.cost_micros),
    error: row.error,
    at: Number(row.at),
  };
}

export function toWebhookDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    webhookId: row.webhook_id,
    deliveredSeq: Number(row.delivered_seq),
    attempts: row.attempts,
    nextAttemptAt: Number(row.next_attempt_at),
    lastError: row.last_error,
    deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
    owner: row.owner,
    leaseExpiresAt: row.lease_expires_at === null ? null : Number(row.lease_expires_at),
  };
}

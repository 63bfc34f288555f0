import type { WebhookDelivery, WebhookDeliveryOutcome, WebhookLeaseRequest } from '@cinema/core';
import { sql } from 'kysely';
import { toWebhookDelivery } from '../event-row.js';
import type { StoreContext } from '../store-context.js';

/** Creates the webhook at the end of the log when it is new, then takes its lease unless another (living) owner's runs. */
export function leaseWebhook(context: StoreContext, { webhookId, owner, leaseMs, now, takeOverFrom }: WebhookLeaseRequest): WebhookDelivery {
  const { db, queries } = context;
  queries.run(
    db
      .insertInto('webhook_deliveries')
      .values({
        webhook_id: webhookId,
        delivered_seq: sql<number>`coalesce((select max(seq) from events), 0)`,
        attempts: 0,
        next_attempt_at: now,
        last_error: null,
        delivered_at: null,
        owner: null,
        lease_expires_at: null,
      })
      .onConflict((conflict) => conflict.column('webhook_id').doNothing()),
  );
  queries.run(
    db
      .updateTable('webhook_deliveries')
      .set({ owner, lease_expires_at: now + leaseMs })
      .where('webhook_id', '=', webhookId)
      .where((where) => where.or([where('owner', 'is', null), where('owner', '=', owner), where('owner', '=', takeOverFrom ?? owner), where('lease_expires_at', '<=', now)])),
  );
  return toWebhookDelivery(queries.first(db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId))!);
}

export function recordWebhookDelivery(context: StoreContext, webhookId: string, owner: string, outcome: WebhookDeliveryOutcome, now: number): boolean {
  const { db, queries } = context;
  const update = db.updateTable('webhook_deliveries').where('webhook_id', '=', webhookId).where('owner', '=', owner);
  const changed =
    'deliveredSeq' in outcome
      ? queries.run(
          update.set({
            delivered_seq: sql<number>`max(delivered_seq, ${outcome.deliveredSeq})`,
            attempts: 0,
            next_attempt_at: now,
            last_error: null,
            delivered_at: now,
          }),
        )
      : queries.run(update.set({ attempts: sql<number>`attempts + 1`, next_attempt_at: outcome.nextAttemptAt, last_error: outcome.error }));
  return changed > 0;
}

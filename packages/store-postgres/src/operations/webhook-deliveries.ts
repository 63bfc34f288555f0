import type { WebhookDelivery, WebhookDeliveryOutcome, WebhookLeaseRequest } from '@cinema/core';
import { sql } from 'kysely';
import { toWebhookDelivery } from '../event-row.js';
import { callTimes } from '../store-clock.js';
import type { StoreContext } from '../store-context.js';
import { numberCommittedEvents } from './number-events.js';

/** Creates the webhook at the end of the log when it is new, then takes its lease unless another (living) owner's runs. */
export async function leaseWebhook(context: StoreContext, { webhookId, owner, leaseMs, now, takeOverFrom }: WebhookLeaseRequest): Promise<WebhookDelivery> {
  const times = callTimes(context.clock, now);
  // The end of the log counts every event committed before this call, as `lastEventSeq` does.
  await numberCommittedEvents(context);
  await context.db
    .insertInto('webhook_deliveries')
    .values({
      webhook_id: webhookId,
      delivered_seq: sql<number>`coalesce((select max(seq) from ${sql.id(context.schema, 'events')}), 0)`,
      attempts: 0,
      next_attempt_at: times.now,
      last_error: null,
      delivered_at: null,
      owner: null,
      lease_expires_at: null,
    })
    .onConflict((conflict) => conflict.column('webhook_id').doNothing())
    .execute();
  await context.db
    .updateTable('webhook_deliveries')
    .set({ owner, lease_expires_at: times.after(leaseMs) })
    .where('webhook_id', '=', webhookId)
    .where((where) => where.or([where('owner', 'is', null), where('owner', '=', owner), where('owner', '=', takeOverFrom ?? owner), where('lease_expires_at', '<=', times.now)]))
    .execute();
  const row = await context.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).executeTakeFirstOrThrow();
  return toWebhookDelivery(row);
}

export async function recordWebhookDelivery(context: StoreContext, webhookId: string, owner: string, outcome: WebhookDeliveryOutcome, now: number): Promise<boolean> {
  const times = callTimes(context.clock, now);
  const update = context.db.updateTable('webhook_deliveries').where('webhook_id', '=', webhookId).where('owner', '=', owner);
  const result =
    'deliveredSeq' in outcome
      ? await update
          .set({
            delivered_seq: sql<number>`greatest(delivered_seq, cast(${outcome.deliveredSeq} as bigint))`,
            attempts: 0,
            next_attempt_at: times.now,
            last_error: null,
            delivered_at: times.now,
          })
          .executeTakeFirst()
      : await update.set({ attempts: sql<number>`attempts + 1`, next_attempt_at: times.at(outcome.nextAttemptAt), last_error: outcome.error }).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

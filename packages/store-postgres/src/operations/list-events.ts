import type { StoreEvent, StoreEventQuery } from '@cinema/core';
import { toStoreEvent } from '../event-row.js';
import type { StoreContext } from '../store-context.js';

export async function lastEventSeq(context: StoreContext, movieId: string | undefined): Promise<number> {
  let query = context.db.selectFrom('events').select((select) => select.fn.max('seq').as('seq'));
  if (movieId !== undefined) query = query.where('movie_id', '=', movieId);
  const row = await query.executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/**
 * The log after `query.after`. Events are numbered under a lock held until their transaction
 * commits (see the `0003_event_log` migration), so none can later appear below one read here.
 */
export async function listEvents(context: StoreContext, { after, movieId, limit = 1000 }: StoreEventQuery): Promise<StoreEvent[]> {
  let query = context.db.selectFrom('events').selectAll().where('seq', '>', after);
  if (movieId !== undefined) query = query.where('movie_id', '=', movieId);
  const rows = await query.orderBy('seq').limit(limit).execute();
  return rows.map(toStoreEvent);
}

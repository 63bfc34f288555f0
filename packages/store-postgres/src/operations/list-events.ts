import type { StoreEvent, StoreEventQuery } from '@cinema/core';
import { toStoreEvent } from '../event-row.js';
import type { StoreContext } from '../store-context.js';
import { numberCommittedEvents } from './number-events.js';

/** The seq of the last event (of `movieId`'s), counting every event that had committed when it was called. */
export async function lastEventSeq(context: StoreContext, movieId: string | undefined): Promise<number> {
  await numberCommittedEvents(context);
  let query = context.db.selectFrom('events').select((select) => select.fn.max('seq').as('seq'));
  if (movieId !== undefined) query = query.where('movie_id', '=', movieId);
  const row = await query.executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/**
 * The log after `query.after`, with every event that had committed when it was called numbered
 * first. Numbers go only to committed events, after every number given before (see
 * {@link numberCommittedEvents}), so none can later appear below one read here.
 */
export async function listEvents(context: StoreContext, { after, movieId, limit = 1000 }: StoreEventQuery): Promise<StoreEvent[]> {
  await numberCommittedEvents(context);
  let query = context.db.selectFrom('events').selectAll().where('seq', '>', after);
  if (movieId !== undefined) query = query.where('movie_id', '=', movieId);
  const rows = await query.orderBy('seq').limit(limit).execute();
  return rows.map(toStoreEvent);
}

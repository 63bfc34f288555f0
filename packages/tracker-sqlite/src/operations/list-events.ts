import type { StoreEvent, StoreEventQuery } from '@cinema/core';
import { toStoreEvent } from '../event-row.js';
import type { StoreContext } from '../store-context.js';

export function lastEventSeq(context: StoreContext, movieId: string | undefined): number {
  const { db, queries } = context;
  const query = movieId === undefined ? db.selectFrom('events') : db.selectFrom('events').where('movie_id', '=', movieId);
  return queries.first(query.select((select) => select.fn.max<number | null>('seq').as('seq')))?.seq ?? 0;
}

/** The log after `query.after`; commits are serial in SQLite, so `seq` order is commit order. */
export function listEvents(context: StoreContext, { after, movieId, limit = 1000 }: StoreEventQuery): StoreEvent[] {
  const { db, queries } = context;
  const values = { after, movieId: movieId ?? null, limit };
  const rows =
    movieId === undefined
      ? queries.prepared('events', (p) => db.selectFrom('events').selectAll().where('seq', '>', p.after).orderBy('seq').limit(p.limit)).all(values)
      : queries
          .prepared('events.movie', (p) => db.selectFrom('events').selectAll().where('movie_id', '=', p.movieId).where('seq', '>', p.after).orderBy('seq').limit(p.limit))
          .all(values);
  return rows.map(toStoreEvent);
}

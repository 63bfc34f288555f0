import { assertValidMovieId } from '@cinema/core';
import type { StoreEventQuery } from '@cinema/core';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ApiError } from '../api-error.js';
import type { ServerContext } from '../server-context.js';

const pageLimit = { default: 500, most: 1000 };
/** A comment line this often keeps proxies from closing a quiet stream. */
const keepAliveMs = 15_000;

function whichMovie(c: Context): string | undefined {
  const movieId = c.req.query('movieId');
  if (movieId === undefined) return undefined;
  try {
    assertValidMovieId(movieId);
  } catch (error) {
    throw new ApiError(400, (error as Error).message, 'movieId');
  }
  return movieId;
}

function whereFrom(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const seq = Number(value);
  if (!Number.isInteger(seq) || seq < 0) throw new ApiError(400, `${field}: an event's seq, a whole number of 0 or more`, field);
  return seq;
}

/**
 * The store's event log: a page of it as JSON (`GET /api/events`), or followed live as server-sent
 * events (`GET /api/events/stream`), each with its `seq` as the event id, so a reconnecting
 * EventSource carries on where it stopped (Last-Event-ID). The stream reads the store's log, so it
 * shows what any process writing to the store does: a `cinema generate`, a worker, this server.
 */
export function eventRoutes(context: ServerContext): Hono {
  const routes = new Hono();

  routes.get('/', async (c) => {
    const movieId = whichMovie(c);
    const limit = c.req.query('limit') === undefined ? pageLimit.default : Number(c.req.query('limit'));
    if (!Number.isInteger(limit) || limit < 1 || limit > pageLimit.most) throw new ApiError(400, `limit: a whole number from 1 to ${pageLimit.most}`, 'limit');
    const query: StoreEventQuery = { after: whereFrom(c.req.query('after'), 'after') ?? 0, movieId, limit };
    const events = await (await context.store()).listEvents(query);
    return c.json({ events, next: events.length === limit ? events.at(-1)!.seq : null });
  });

  routes.get('/stream', async (c) => {
    const movieId = whichMovie(c);
    const store = await context.store();
    let after = whereFrom(c.req.header('last-event-id'), 'Last-Event-ID') ?? whereFrom(c.req.query('after'), 'after') ?? (await store.lastEventSeq(movieId));
    return streamSSE(c, async (stream) => {
      let quietSince = Date.now();
      while (!stream.aborted && !stream.closed) {
        const events = await store.listEvents({ after, movieId, limit: pageLimit.most });
        for (const event of events) await stream.writeSSE({ id: String(event.seq), data: JSON.stringify(event) });
        if (events.length > 0) {
          after = events.at(-1)!.seq;
          quietSince = Date.now();
        } else if (Date.now() - quietSince > keepAliveMs) {
          await stream.write(': keep-alive\n\n');
          quietSince = Date.now();
        }
        if (events.length < pageLimit.most) await stream.sleep(context.pollMs);
      }
    });
  });

  return routes;
}

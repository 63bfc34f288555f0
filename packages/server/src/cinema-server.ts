import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { MovieMaker } from '@cinema/core';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { requireToken } from './access-token.js';
import { ApiError, answerError } from './api-error.js';
import { MovieRuns } from './movie-runs.js';
import { actionRoutes } from './routes/action-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { fileRoutes } from './routes/file-routes.js';
import { movieRoutes } from './routes/movie-routes.js';
import { pageRoutes } from './routes/page-routes.js';
import type { ServerContext } from './server-context.js';

/** Settings of {@link createCinemaServer}. */
export interface CinemaServerOptions {
  /** Makes and steers the movies (the CLI's, from the config). */
  maker: MovieMaker;
  /** The base folder of movies. */
  baseDir: string;
  /** The access token every request must carry (see `requireToken`); `newAccessToken()` makes one. */
  token: string;
  /** Largest script `POST /api/movies` takes, in bytes. Default: 1,048,576 (1 MiB). */
  maxScriptBytes?: number;
  /** How often an event stream reads the store's log for news. Default: 250 ms. */
  pollMs?: number;
  /** Told when a run this server started fails; the movie's `run.last` says so too. Default: none. */
  onRunError?: (movieId: string, error: unknown) => void;
}

/** The dashboard and the JSON API over one base folder's store, as a Hono app (`app.fetch`). */
export interface CinemaServer {
  readonly app: Hono;
  /** The runs the server started (a film created from the page, a retry...). */
  readonly runs: MovieRuns;
  /** Stops the runs this server started; their jobs are given back for a later resume. */
  close(): Promise<void>;
}

/** The API and the page: every route behind the token; the routes are listed in `openapi.json`. */
export function createCinemaServer(options: CinemaServerOptions): CinemaServer {
  const baseDir = resolve(options.baseDir);
  const runs = new MovieRuns(options.onRunError);
  const context: ServerContext = {
    maker: options.maker,
    baseDir,
    runs,
    maxScriptBytes: options.maxScriptBytes ?? 1024 * 1024,
    pollMs: options.pollMs ?? 250,
    store: () => options.maker.store(baseDir),
  };
  const app = new Hono();
  app.onError(answerError);
  app.notFound((c) => answerError(new ApiError(404, `No such page or API route: ${c.req.method} ${c.req.path} (see /openapi.json).`), c));
  app.use('*', requireToken(options.token, 'cinema_token'));
  app.route('/api/events', eventRoutes(context));
  app.route('/api/movies', movieRoutes(context));
  app.route('/api/movies', actionRoutes(context));
  app.route('/api/movies', fileRoutes(context));
  app.route('/', pageRoutes());
  return { app, runs, close: () => runs.stop() };
}

/** A listening {@link CinemaServer}. */
export interface ListeningCinemaServer extends CinemaServer {
  /** `http://host:port`, without the token. */
  readonly url: string;
  readonly port: number;
}

/** Starts the server on `host:port` (port 0: a free one). Default host: 127.0.0.1. */
export async function startCinemaServer(options: CinemaServerOptions & { port: number; host?: string }): Promise<ListeningCinemaServer> {
  const server = createCinemaServer(options);
  const host = options.host ?? '127.0.0.1';
  const { listening, address } = await new Promise<{ listening: ReturnType<typeof serve>; address: AddressInfo }>((resolveListening, reject) => {
    const listening = serve({ fetch: server.app.fetch, port: options.port, hostname: host }, (address) => resolveListening({ listening, address }));
    listening.once('error', reject);
  });
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    ...server,
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    async close() {
      await server.close();
      // Open event streams would keep the server up; they end with their connections.
      (listening as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((done) => listening.close(() => done()));
    },
  };
}

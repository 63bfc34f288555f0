import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultSecretHeaders, logEntryFor, type TestServerLogEntry } from './request-log.js';
import { ScriptedReplies, type ReplyTarget } from './scripted-replies.js';
import { sendWireReply, toWireReply } from './send-reply.js';
import { replies, type ScriptedHandler, type ScriptedReply, type TestServerHandler, type TestServerReply } from './test-server-reply.js';
import { createTestServerRequest, type TestServerRequest } from './test-server-request.js';
import { matchPath, methodMatches, type TestServerRoute } from './test-server-route.js';

export interface TestServerOptions {
  /** The routes, tried in order. Default: none (every request gets the not-found answer). */
  routes?: readonly TestServerRoute[];
  /** Port on 127.0.0.1. Default: 0, a free port. */
  port?: number;
  /**
   * Checks a request before scripted replies and handlers see it; return a reply to refuse it.
   * Runs for every request, matched or not. Default: every request is let through.
   */
  authorize?: (request: TestServerRequest) => TestServerReply | undefined | Promise<TestServerReply | undefined>;
  /** The answer when no route matches. Default: 404 `{ "error": "No route for GET /path" }`. */
  notFound?: TestServerHandler;
  /** The answer when a handler throws. Default: 500 `{ "error": "test server: <message>" }`. */
  onError?: (error: unknown, request: TestServerRequest) => TestServerReply;
  /** Headers sent with every answer, under the reply's own (e.g. a request id). Default: none. */
  headers?: (request: TestServerRequest) => Record<string, string>;
  /**
   * Headers whose values are secrets: logged as `redactWith`, and their values replaced wherever
   * else they appear. Default: authorization, proxy-authorization, cookie, x-api-key, api-key.
   */
  secretHeaders?: readonly string[];
  /** More secret values to replace in the log (e.g. the key the server expects). Default: none. */
  secrets?: readonly string[] | (() => readonly string[]);
  /** What a secret is replaced with in the log. Default: `[redacted]`. */
  redactWith?: string;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request received, oldest first; the entry of a request is added as soon as its body is read. */
  readonly requests: readonly TestServerLogEntry[];
  /**
   * Queues replies for the next requests matching `target`, played once each, before the route's own
   * answer: e.g. `enqueue('status', pending, pending)` or `enqueue({ path: '/v1/x' }, replies.drop())`.
   */
  enqueue(target: ReplyTarget, ...scripted: ScriptedReply[]): void;
  /** How many scripted replies are still waiting. */
  readonly pendingReplies: number;
  /** Forgets the log and the scripted replies, and queues each route's `replies` again. */
  reset(): void;
  /** Stops the server, closing open connections. */
  close(): Promise<void>;
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function readBody(request: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A real HTTP server on 127.0.0.1 for testing clients against: named routes with their own answers,
 * replies scripted per route, scope, method or path (JSON, bytes, HTTP errors, slow, malformed,
 * truncated or dropped), and a log of every request with its secrets replaced.
 *
 * ```ts
 * const server = await createTestServer({
 *   routes: [{ name: 'status', method: 'GET', path: '/jobs/:id', handle: (request) => replies.json({ id: request.params.id, done: true }) }],
 * });
 * server.enqueue('status', replies.json({ done: false }), replies.error(429, { error: 'slow down' }, { retryAfterSeconds: 1 }));
 * ```
 */
export async function createTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const routes = options.routes ?? [];
  const log: TestServerLogEntry[] = [];
  const scripted = new ScriptedReplies();
  const secretHeaders = (options.secretHeaders ?? defaultSecretHeaders).map((name) => name.toLowerCase());
  const mark = options.redactWith ?? '[redacted]';
  const secrets = () => (typeof options.secrets === 'function' ? options.secrets() : (options.secrets ?? []));
  const notFound: TestServerHandler = options.notFound ?? ((request) => replies.json({ error: `No route for ${request.method} ${request.path}` }, { status: 404 }));
  const onError = options.onError ?? ((error: unknown) => replies.json({ error: `test server: ${errorMessage(error)}` }, { status: 500 }));
  const queueRouteReplies = () => {
    for (const route of routes) if (route.replies) scripted.add({ route: route.name }, route.replies);
  };
  queueRouteReplies();
  let origin = '';

  const handle = async (incoming: IncomingMessage, response: ServerResponse) => {
    const method = (incoming.method ?? 'GET').toUpperCase();
    const url = new URL(incoming.url ?? '/', origin);
    const body = await readBody(incoming);
    const entry = await logEntryFor({ method, url, headers: incoming.headers, body, secretHeaders, secrets: secrets(), mark });
    log.push(entry);
    const request = createTestServerRequest({ method, origin, url, headers: headersOf(incoming), body, entry });

    let route: TestServerRoute | undefined;
    for (const candidate of routes) {
      if (!methodMatches(candidate, method)) continue;
      const params = matchPath(candidate.path, url.pathname);
      if (params === undefined) continue;
      route = candidate;
      entry.route = candidate.name;
      entry.params = params;
      break;
    }
    const run = async (handler: ScriptedHandler): Promise<TestServerReply> => {
      try {
        return await handler(request, own);
      } catch (error) {
        return onError(error, request);
      }
    };
    const own = (): Promise<TestServerReply> => run(route?.handle ?? notFound);

    let reply: TestServerReply | undefined;
    // A reply that wraps "the route's own answer" needs one; the own answer itself cannot wrap itself.
    let fallback = own;
    try {
      reply = await options.authorize?.(request);
      if (reply === undefined) {
        if (route?.scope) entry.scope = route.scope(request);
        const next = scripted.take({ route: route?.name, scope: entry.scope, method, path: url.pathname });
        if (next === undefined) {
          reply = await own();
          fallback = async () => onError(new Error(`the answer of route ${route?.name ?? '(none)'} wraps itself`), request);
        } else reply = typeof next === 'function' ? await run(next) : next;
      }
    } catch (error) {
      reply = onError(error, request);
    }

    const wire = await toWireReply(reply, fallback);
    if (!wire.drop) entry.status = wire.status;
    const outcome = await sendWireReply(response, wire, options.headers?.(request) ?? {});
    if (outcome !== 'sent') {
      entry.interrupted = outcome;
      if (outcome === 'dropped') delete entry.status;
    }
  };

  const server = createServer((incoming, response) => {
    handle(incoming, response).catch((error: unknown) => {
      if (response.headersSent) response.destroy();
      else {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: `test server: ${errorMessage(error)}` }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    get requests() {
      return log;
    },
    enqueue: (target, ...replies) => scripted.add(target, replies),
    get pendingReplies() {
      return scripted.size;
    },
    reset() {
      log.length = 0;
      scripted.clear();
      queueRouteReplies();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

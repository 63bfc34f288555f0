import type { TestServerRequest } from './test-server-request.js';

/** The status and headers of a reply. */
export interface ReplyInit {
  /** Default: 200. */
  status?: number;
  /** Added over the server's own headers and the reply's content type. Default: none. */
  headers?: Record<string, string>;
}

/** A JSON body, sent with `Content-Type: application/json`. */
export interface JsonReply extends ReplyInit {
  type: 'json';
  body: unknown;
}

/** Raw bytes or text. Default content type: `application/octet-stream` for bytes, `text/plain` for text. */
export interface BytesReply extends ReplyInit {
  type: 'bytes';
  body: Uint8Array | string;
}

/** A body that claims to be JSON and is cut off, as a proxy or a crashed upstream sends. */
export interface MalformedReply extends ReplyInit {
  type: 'malformed';
  /** Default: `{"status": "succeeded", "output": [` (valid JSON up to where it stops). */
  body?: string;
}

/**
 * A reply that announces its full `Content-Length`, sends only the first `sendBytes` bytes and
 * closes the connection, so the client's body read fails midway.
 */
export interface TruncatedReply {
  type: 'truncated';
  sendBytes: number;
  /** The reply to cut short. Default: the route's own answer. */
  reply?: TestServerReply;
}

/** A reply that waits before it answers, or sends its body in small chunks with pauses. */
export interface SlowReply {
  type: 'slow';
  /** Wait before the status line. Default: 0. */
  delayMs?: number;
  /** Pause between body chunks. Default: none (the body is sent at once). */
  chunkDelayMs?: number;
  /** Size of each body chunk when `chunkDelayMs` is set. Default: 1024 bytes. */
  chunkBytes?: number;
  /** The reply to slow down. Default: the route's own answer. */
  reply?: TestServerReply;
}

/** No answer at all: the connection is closed after `afterMs`, as when a server crashes. */
export interface DropReply {
  type: 'drop';
  /** Default: 0. */
  afterMs?: number;
}

/** The route's own answer, with its status and headers replaced where given. */
export interface FallbackReply extends ReplyInit {
  type: 'fallback';
}

/** What the server sends for one request. */
export type TestServerReply = JsonReply | BytesReply | MalformedReply | TruncatedReply | SlowReply | DropReply | FallbackReply;

/** What a route answers with: a reply, or a function of the request that makes one. */
export type TestServerHandler = (request: TestServerRequest) => TestServerReply | Promise<TestServerReply>;

/** A scripted reply made per request. It gets the route's own answer too, to pass on as it is or changed. */
export type ScriptedHandler = (request: TestServerRequest, own: () => Promise<TestServerReply>) => TestServerReply | Promise<TestServerReply>;

/** A scripted reply: played once, for the next request it matches. */
export type ScriptedReply = TestServerReply | ScriptedHandler;

/** Short ways to write replies. */
export const replies = {
  /** A JSON body. Default status: 200. */
  json: (body: unknown, init: ReplyInit = {}): JsonReply => ({ type: 'json', body, ...init }),
  /** Raw bytes or text. */
  bytes: (body: Uint8Array | string, init: ReplyInit = {}): BytesReply => ({ type: 'bytes', body, ...init }),
  /**
   * An HTTP error. `body` is sent as JSON unless it is a string; `retryAfterSeconds` adds a
   * `Retry-After` header, as rate limiters send. Default body: `{ "error": "HTTP <status>" }`.
   */
  error: (status: number, body: unknown = { error: `HTTP ${status}` }, init: { headers?: Record<string, string>; retryAfterSeconds?: number } = {}): JsonReply | BytesReply => {
    const headers = { ...(init.retryAfterSeconds !== undefined ? { 'retry-after': String(init.retryAfterSeconds) } : {}), ...init.headers };
    return typeof body === 'string' ? { type: 'bytes', body, status, headers } : { type: 'json', body, status, headers };
  },
  /** A 200 whose JSON stops midway. */
  malformed: (body?: string, init: ReplyInit = {}): MalformedReply => ({ type: 'malformed', ...(body !== undefined ? { body } : {}), ...init }),
  /** `reply` (default: the route's own answer) cut off after `sendBytes` bytes under its full Content-Length. */
  truncated: (sendBytes: number, reply?: TestServerReply): TruncatedReply => ({ type: 'truncated', sendBytes, ...(reply ? { reply } : {}) }),
  /** `reply` (default: the route's own answer) sent after `delayMs`. */
  delayed: (delayMs: number, reply?: TestServerReply): SlowReply => ({ type: 'slow', delayMs, ...(reply ? { reply } : {}) }),
  /** `reply` (default: the route's own answer) sent in `chunkBytes` chunks, `chunkDelayMs` apart. */
  trickled: (chunkDelayMs: number, reply?: TestServerReply, chunkBytes = 1024): SlowReply => ({
    type: 'slow',
    chunkDelayMs,
    chunkBytes,
    ...(reply ? { reply } : {}),
  }),
  /** The connection closed without an answer. */
  drop: (afterMs = 0): DropReply => ({ type: 'drop', afterMs }),
  /** The route's own answer, with `init`'s status and headers. */
  fallback: (init: ReplyInit = {}): FallbackReply => ({ type: 'fallback', ...init }),
} as const;

const replyTypes = new Set<string>(['json', 'bytes', 'malformed', 'truncated', 'slow', 'drop', 'fallback']);

/** Whether `value` is one of this package's replies (emulators accept these beside their own shapes). */
export function isTestServerReply(value: unknown): value is TestServerReply {
  return value != null && typeof value === 'object' && replyTypes.has(String((value as { type?: unknown }).type));
}

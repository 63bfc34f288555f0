import { isTestServerReply, replies, type TestServerReply } from '@cinema/test-server';

/**
 * One scripted answer, used once instead of the normal one. Give `json` or `text` for the body;
 * give neither for the normal answer (with these headers). `truncateAt` sends that many bytes under
 * the full Content-Length and then drops the connection, and `chunkDelayMs` sends the body slowly
 * in 1 kB chunks.
 */
export interface FalScriptedReply {
  /** Default: 200. */
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** A raw body, e.g. malformed JSON. */
  text?: string;
  /** Wait before answering. Default: 0. */
  delayMs?: number;
  truncateAt?: number;
  chunkDelayMs?: number;
}

/** What the fal emulator's `enqueue` takes: its own reply shape or any `@cinema/test-server` reply. */
export type FalReply = FalScriptedReply | TestServerReply;

/** Ready-made scripted replies for the failures the orchestrator must handle. */
export const falReplies = {
  /** 429 with `Retry-After` in seconds. */
  rateLimited: (retryAfterSeconds = 7): FalScriptedReply => ({
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    json: { detail: 'Rate limit exceeded. Please slow down.' },
  }),
  /** A 5xx with fal's error shape. */
  serverError: (status = 500, message = 'Internal server error'): FalScriptedReply => ({
    status,
    headers: { 'x-fal-retryable': 'true' },
    json: { detail: message },
  }),
  /** 200 with a body that is not JSON. */
  malformedJson: (): FalScriptedReply => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    text: '{"images": [{"url": "http://127.0.0.1/',
  }),
  /** 422 in FastAPI's shape, as fal sends for a bad input field. */
  validationError: (field: string, message: string, type = 'value_error'): FalScriptedReply => ({
    status: 422,
    json: { detail: [{ loc: ['body', field], msg: message, type }] },
  }),
  /** 422 `content_policy_violation`, fal's content-checker refusal. */
  contentPolicy: (field = 'prompt', categories: string[] = ['violence']): FalScriptedReply => ({
    status: 422,
    headers: { 'x-fal-retryable': 'false' },
    json: {
      detail: [
        {
          loc: ['body', field],
          msg: 'The content was flagged by a content checker.',
          type: 'content_policy_violation',
          url: 'https://docs.fal.ai/errors#content_policy_violation',
          categories,
        },
      ],
    },
  }),
  /** 404, as fal's CDN answers for a file that expired or never existed, or the queue for an unknown request. */
  notFound: (detail = 'Not found'): FalScriptedReply => ({ status: 404, json: { detail } }),
  /** A download that stops after `bytes` bytes of the announced length. */
  truncatedDownload: (bytes: number): FalScriptedReply => ({ truncateAt: bytes }),
  /** A download sent in 1 kB chunks, `chunkDelayMs` apart. */
  slowDownload: (chunkDelayMs = 20): FalScriptedReply => ({ chunkDelayMs }),
  /** The connection closed without an answer. */
  droppedConnection: (): TestServerReply => replies.drop(),
} as const;

/** The test-server reply a fal scripted reply stands for. */
export function toTestServerReply(reply: FalReply): TestServerReply {
  if (isTestServerReply(reply)) return reply;
  const init = { ...(reply.status !== undefined ? { status: reply.status } : {}), ...(reply.headers ? { headers: reply.headers } : {}) };
  let result: TestServerReply =
    reply.json !== undefined
      ? replies.json(reply.json, init)
      : reply.text != null
        ? replies.bytes(reply.text, init)
        : reply.status !== undefined && reply.status !== 200
          ? replies.bytes('', init)
          : replies.fallback(init);
  if (reply.truncateAt != null) result = replies.truncated(reply.truncateAt, result);
  if (reply.delayMs || reply.chunkDelayMs != null) {
    result = { type: 'slow', ...(reply.delayMs ? { delayMs: reply.delayMs } : {}), ...(reply.chunkDelayMs != null ? { chunkDelayMs: reply.chunkDelayMs } : {}), reply: result };
  }
  return result;
}

import type { ServerResponse } from 'node:http';
import type { TestServerReply } from './test-server-reply.js';

/** A reply reduced to what goes on the wire. */
export interface WireReply {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  delayMs: number;
  chunkDelayMs?: number;
  chunkBytes: number;
  /** Send only this many body bytes, then close. */
  truncateAt?: number;
  drop: boolean;
}

const defaultMalformedBody = '{"status": "succeeded", "output": [';
const encoder = new TextEncoder();

function withHeaders(base: Record<string, string>, extra: Record<string, string> | undefined): Record<string, string> {
  const headers = { ...base };
  for (const [name, value] of Object.entries(extra ?? {})) headers[name.toLowerCase()] = value;
  return headers;
}

/**
 * Turns a reply into its wire form. `fallback` gives the route's own answer, for the replies that
 * wrap it (`fallback`, and `truncated` or `slow` without an inner reply).
 */
export async function toWireReply(reply: TestServerReply, fallback: () => Promise<TestServerReply>): Promise<WireReply> {
  const plain = (status: number | undefined, headers: Record<string, string>, body: Uint8Array): WireReply => ({
    status: status ?? 200,
    headers,
    body,
    delayMs: 0,
    chunkBytes: 1024,
    drop: false,
  });
  switch (reply.type) {
    case 'json':
      return plain(reply.status, withHeaders({ 'content-type': 'application/json' }, reply.headers), encoder.encode(JSON.stringify(reply.body) ?? 'null'));
    case 'bytes': {
      const isText = typeof reply.body === 'string';
      const contentType = isText ? 'text/plain; charset=utf-8' : 'application/octet-stream';
      return plain(reply.status, withHeaders({ 'content-type': contentType }, reply.headers), isText ? encoder.encode(reply.body as string) : (reply.body as Uint8Array));
    }
    case 'malformed':
      return plain(reply.status, withHeaders({ 'content-type': 'application/json' }, reply.headers), encoder.encode(reply.body ?? defaultMalformedBody));
    case 'fallback': {
      const inner = await fallback();
      const wire = await toWireReply(inner.type === 'fallback' ? { type: 'json', status: 500, body: { error: 'the route has no answer of its own' } } : inner, fallback);
      return { ...wire, status: reply.status ?? wire.status, headers: withHeaders(wire.headers, reply.headers) };
    }
    case 'truncated': {
      const wire = await toWireReply(reply.reply ?? { type: 'fallback' }, fallback);
      return { ...wire, truncateAt: Math.max(0, reply.sendBytes) };
    }
    case 'slow': {
      const wire = await toWireReply(reply.reply ?? { type: 'fallback' }, fallback);
      return {
        ...wire,
        delayMs: wire.delayMs + (reply.delayMs ?? 0),
        ...(reply.chunkDelayMs !== undefined ? { chunkDelayMs: reply.chunkDelayMs, chunkBytes: Math.max(1, reply.chunkBytes ?? 1024) } : {}),
      };
    }
    case 'drop':
      return { ...plain(0, {}, new Uint8Array()), delayMs: reply.afterMs ?? 0, drop: true };
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes a wire reply. Resolves with how it ended. */
export async function sendWireReply(response: ServerResponse, wire: WireReply, serverHeaders: Record<string, string>): Promise<'sent' | 'truncated' | 'dropped'> {
  if (wire.delayMs > 0) await wait(wire.delayMs);
  if (wire.drop) {
    response.socket?.destroy();
    return 'dropped';
  }
  const headers = withHeaders(serverHeaders, wire.headers);
  headers['content-length'] = String(wire.body.length);
  response.writeHead(wire.status, headers);
  const body = Buffer.from(wire.body.buffer, wire.body.byteOffset, wire.body.byteLength);
  if (wire.truncateAt !== undefined && wire.truncateAt < body.length) {
    // Flush the part, then close the socket so the client sees fewer bytes than announced.
    response.flushHeaders();
    if (wire.truncateAt > 0) await new Promise<void>((resolve) => response.write(body.subarray(0, wire.truncateAt), () => resolve()));
    else await wait(5);
    response.socket?.destroy();
    return 'truncated';
  }
  if (wire.chunkDelayMs !== undefined) {
    for (let offset = 0; offset < body.length; offset += wire.chunkBytes) {
      if (response.destroyed) return 'dropped';
      response.write(body.subarray(offset, offset + wire.chunkBytes));
      await wait(wire.chunkDelayMs);
    }
    response.end();
    return 'sent';
  }
  response.end(body);
  return 'sent';
}

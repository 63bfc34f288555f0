import { isTestServerReply, replies, type TestServerReply } from '@cinema/test-server';

/**
 * A response sent instead of the normal one, for the next request matching a route. Any
 * `@cinema/test-server` reply works too (e.g. `replies.drop()` for a dropped connection).
 */
export type EmulatorScriptedResponse =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { malformedJson: true; status?: number }
  /** Waits, then sends `then`, or the normal answer when `then` is absent. */
  | { delayMs: number; then?: EmulatorScriptedResponse }
  /** Sends the full Content-Length of the normal answer (e.g. a download), then only `bytes` bytes, then drops the connection. */
  | { truncateAt: number }
  | TestServerReply;

/** The test-server reply a Replicate scripted response stands for. */
export function toTestServerReply(scripted: EmulatorScriptedResponse): TestServerReply {
  if (isTestServerReply(scripted)) return scripted;
  if ('delayMs' in scripted) return replies.delayed(scripted.delayMs, scripted.then ? toTestServerReply(scripted.then) : undefined);
  if ('malformedJson' in scripted) return replies.malformed('{"id": "broken", "status": ', { status: scripted.status ?? 200 });
  if ('truncateAt' in scripted) return replies.truncated(scripted.truncateAt);
  const init = { status: scripted.status, ...(scripted.headers ? { headers: scripted.headers } : {}) };
  if (scripted.body === undefined || typeof scripted.body === 'string') return replies.bytes(scripted.body ?? '', init);
  return replies.json(scripted.body, init);
}

import type { TestServerLogEntry } from './request-log.js';

/** A request as a route handler sees it: raw, with nothing redacted. */
export interface TestServerRequest {
  readonly method: string;
  /** The server's base URL, `http://127.0.0.1:<port>`, for building absolute URLs in answers. */
  readonly origin: string;
  /** The path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Request headers, lower-case names, repeated ones joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** What the route's path captured (`:id`, `*`, or a RegExp's named groups). */
  readonly params: Readonly<Record<string, string>>;
  /** The matched route's name; undefined when no route matched. */
  readonly route: string | undefined;
  /** This request's entry in the server's log (secrets already replaced). */
  readonly log: Readonly<TestServerLogEntry>;
  /** The body as UTF-8 text. */
  text(): string;
  /** The body parsed as JSON; undefined when empty. Throws a SyntaxError when it is not JSON. */
  json(): unknown;
  /** The body parsed as a multipart or URL-encoded form. */
  formData(): Promise<FormData>;
  /** Attaches a note to this request's log entry, e.g. the id the handler created. */
  label(name: string, value: string): void;
}

export interface RequestParts {
  method: string;
  origin: string;
  url: URL;
  headers: Record<string, string>;
  body: Uint8Array;
  entry: TestServerLogEntry;
}

export function createTestServerRequest(parts: RequestParts): TestServerRequest {
  const { entry } = parts;
  return {
    method: parts.method,
    origin: parts.origin,
    path: parts.url.pathname,
    query: parts.url.searchParams,
    headers: parts.headers,
    body: parts.body,
    get params() {
      return entry.params;
    },
    get route() {
      return entry.route;
    },
    log: entry,
    text: () => new TextDecoder().decode(parts.body),
    json: () => (parts.body.length === 0 ? undefined : JSON.parse(new TextDecoder().decode(parts.body))),
    formData: () => new Response(parts.body, { headers: { 'content-type': parts.headers['content-type'] ?? '' } }).formData(),
    label: (name, value) => {
      entry.labels[name] = value;
    },
  };
}

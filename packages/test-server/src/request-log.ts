import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** A file part of a multipart request, measured, not kept. */
export interface LoggedFile {
  /** The form field, e.g. `image[]`. */
  field: string;
  name: string;
  type: string;
  size: number;
  /** sha256 of the bytes, to tell files apart and match them with what was sent. */
  sha256: string;
}

/** One request the server received, with every secret replaced. */
export interface TestServerLogEntry {
  method: string;
  /** Path and query as sent, e.g. `/v1/items?page=2`. */
  url: string;
  /** The path without the query. */
  path: string;
  /** Query parameters (the last value of a repeated one). */
  query: Record<string, string>;
  /** Request headers, lower-case names. Secret headers are present with their value replaced. */
  headers: Record<string, string>;
  /**
   * The body: parsed JSON, the text fields of a multipart form, or the text when it is neither;
   * undefined when empty or binary. Secrets are replaced inside it.
   */
  body: unknown;
  /** The body's size in bytes. */
  bodyBytes: number;
  /** The file parts of a multipart body, in order. */
  files: LoggedFile[];
  /** The name of the route that matched; undefined when none did. */
  route?: string;
  /** The parameters the route's path captured, e.g. `{ id: 'abc' }`. */
  params: Record<string, string>;
  /** The route's scope for this request (e.g. the model it is for), which scripted replies can target. */
  scope?: string;
  /** Notes a handler attached (e.g. the id it created). */
  labels: Record<string, string>;
  /** Whether a secret appeared outside the header that carries it: in another header, the query or the body. */
  leakedSecret: boolean;
  /** The status sent; undefined until the answer starts, and when the connection was dropped. */
  status?: number;
  /** Set when the answer was cut short on purpose. */
  interrupted?: 'truncated' | 'dropped';
}

/** Secret-bearing headers. Their values never reach the log. */
export const defaultSecretHeaders: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key'];

/** Replaces every occurrence of every secret in strings anywhere inside `value`. */
export function redactSecrets(value: unknown, secrets: readonly string[], mark = '[redacted]'): unknown {
  const usable = secrets.filter((secret) => secret.length > 0);
  if (usable.length === 0) return value;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return usable.reduce((text, secret) => text.split(secret).join(mark), item);
    if (Array.isArray(item)) return item.map(walk);
    if (item != null && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
    return item;
  };
  return walk(value);
}

/** The credential inside a header value: `Bearer abc` gives `abc` and the whole value. */
function credentialsIn(value: string): string[] {
  const match = /^[A-Za-z][\w-]*\s+(.+)$/.exec(value.trim());
  return match ? [value, match[1]!] : [value];
}

function headerText(value: string | string[] | undefined): string | undefined {
  return value == null ? undefined : Array.isArray(value) ? value.join(', ') : value;
}

function safelyDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function decodeText(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}

export interface LogInput {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
  secretHeaders: readonly string[];
  /** Secret values beyond those in the secret headers, e.g. the key the server expects. */
  secrets: readonly string[];
  mark: string;
}

/** Builds the log entry of a request: body summarised, secrets replaced, leaks noticed. */
export async function logEntryFor(input: LogInput): Promise<TestServerLogEntry> {
  const secretHeaders = new Set(input.secretHeaders);
  const secrets = [...input.secrets];
  for (const name of secretHeaders) {
    const value = headerText(input.headers[name]);
    if (value) secrets.push(...credentialsIn(value));
  }
  // Longest first, so a whole header value is replaced before the credential inside it.
  secrets.sort((a, b) => b.length - a.length);
  const contains = (text: string) => secrets.some((secret) => secret.length > 0 && text.includes(secret));

  let leakedSecret = false;
  const headers: Record<string, string> = {};
  for (const [name, raw] of Object.entries(input.headers)) {
    const value = headerText(raw);
    if (value === undefined) continue;
    if (secretHeaders.has(name)) {
      headers[name] = input.mark;
      continue;
    }
    if (contains(value)) leakedSecret = true;
    headers[name] = redactSecrets(value, secrets, input.mark) as string;
  }
  if (contains(input.url.search) || contains(safelyDecoded(input.url.search))) leakedSecret = true;

  const contentType = headerText(input.headers['content-type']) ?? '';
  const files: LoggedFile[] = [];
  let body: unknown;
  const text = input.body.length > 0 ? decodeText(input.body) : undefined;
  if (text !== undefined && contains(text)) leakedSecret = true;
  if (input.body.length > 0 && contentType.startsWith('multipart/form-data')) {
    const fields: Record<string, unknown> = {};
    try {
      const form = await new Response(input.body, { headers: { 'content-type': contentType } }).formData();
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (contains(value)) leakedSecret = true;
          fields[field] = value;
          continue;
        }
        const bytes = new Uint8Array(await value.arrayBuffer());
        files.push({ field, name: value.name, type: value.type, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      }
      body = fields;
    } catch {
      body = undefined;
    }
  } else if (text !== undefined) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }

  const query: Record<string, string> = {};
  for (const [name, value] of input.url.searchParams) query[name] = value;
  const path = input.url.pathname;
  return {
    method: input.method,
    url: redactSecrets(`${path}${input.url.search}`, secrets, input.mark) as string,
    path,
    query: redactSecrets(query, secrets, input.mark) as Record<string, string>,
    headers,
    body: redactSecrets(body, secrets, input.mark),
    bodyBytes: input.body.length,
    files,
    params: {},
    labels: {},
    leakedSecret,
  };
}

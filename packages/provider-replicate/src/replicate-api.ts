import { ApiCallError, CinemaError, parseRetryAfter } from '@cinema/core';
import type { InputFile, JsonValue } from '@cinema/core';
import Replicate from 'replicate';

/** The fetch shape the SDK and this package use. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The prediction object of the Replicate HTTP API (the fields this package reads). */
export interface ReplicatePrediction {
  id: string;
  model?: string;
  version?: string;
  status: 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'aborted';
  input?: Record<string, unknown>;
  output?: unknown;
  error?: unknown;
  logs?: string | null;
  metrics?: { predict_time?: number; total_time?: number };
  /** ISO 8601, when Replicate accepted the prediction. */
  created_at?: string;
  /** True once Replicate deleted the inputs and outputs (about an hour after an API prediction ends). */
  data_removed?: boolean;
}

export interface ReplicateApiOptions {
  /** Reads the token at call time, so a token set after the provider was made still works. */
  apiToken: () => string | undefined;
  baseURL: string;
  headers: Record<string, string>;
  fetch: FetchFunction;
}

/** The environment variable the token falls back to. */
export const tokenVariable = 'REPLICATE_API_TOKEN';

/**
 * The official `replicate` SDK, used only for `predictions.create/get/cancel` and `files.create`,
 * behind a fetch that answers every failed HTTP call at once. The SDK would otherwise repeat a 429
 * six times in a few milliseconds with no regard for Retry-After ([RJ] `withAutomaticRetries`);
 * here the network sees one request and the orchestrator gets an `ApiCallError` with
 * `retryAfterMs` to schedule the retry itself.
 */
export class ReplicateApi {
  constructor(private readonly options: ReplicateApiOptions) {}

  /** Throws the `auth` error when no token is configured. */
  requireToken(): string {
    const token = this.options.apiToken();
    if (token == null || token.trim() === '') {
      throw new CinemaError({
        category: 'auth',
        message: `No Replicate API token: set the ${tokenVariable} environment variable or pass \`apiToken\` to createReplicate(). Tokens are at https://replicate.com/account/api-tokens.`,
      });
    }
    return token;
  }

  async createPrediction(options: {
    model: string;
    input: Record<string, JsonValue>;
    signal?: AbortSignal;
    headers?: Record<string, string>;
  }): Promise<ReplicatePrediction> {
    const client = this.client(options.headers);
    const colon = options.model.indexOf(':');
    const target = colon === -1 ? { model: options.model } : { version: options.model.slice(colon + 1) };
    return this.call(`create a prediction for ${options.model}`, () =>
      client.predictions.create({ ...target, input: options.input, signal: options.signal }),
    ) as Promise<ReplicatePrediction>;
  }

  async getPrediction(id: string, options: { signal?: AbortSignal } = {}): Promise<ReplicatePrediction> {
    const client = this.client();
    return this.call(`read prediction ${id}`, () =>
      client.predictions.get(id, { signal: options.signal }),
    ) as Promise<ReplicatePrediction>;
  }

  /**
   * `GET /v1/predictions`, newest first, one page (100) at a time, until `keepGoing` says stop or
   * `maxPages` were read.
   */
  async *listPredictions(options: { signal?: AbortSignal; maxPages: number }): AsyncGenerator<ReplicatePrediction[]> {
    const client = this.client();
    const pages = client.paginate(() => client.predictions.list({ signal: options.signal }), { signal: options.signal });
    for (let page = 0; page < options.maxPages; page++) {
      const next = await this.call('list recent predictions', () => pages.next());
      if (next.done) return;
      yield next.value as ReplicatePrediction[];
    }
  }

  async cancelPrediction(id: string): Promise<ReplicatePrediction> {
    const client = this.client();
    return this.call(`cancel prediction ${id}`, () => client.predictions.cancel(id)) as Promise<ReplicatePrediction>;
  }

  /**
   * Uploads a local file through `POST /v1/files` and returns the URL to put in a model input; a
   * file the movie's asset store serves (`file.url`) is not uploaded: Replicate fetches it there.
   */
  async uploadFile(file: InputFile, options: { signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<string> {
    if (file.url) return file.url;
    const client = this.client(options.headers);
    const name = file.path.split(/[\\/]/).pop() || 'input';
    const blob = new File([file.data], name, { type: file.mediaType });
    const metadata = file.label ? { label: file.label } : {};
    const uploaded = (await this.call(`upload ${name}`, () =>
      client.files.create(blob, metadata, { signal: options.signal }),
    )) as { urls?: { get?: unknown } };
    const url = uploaded?.urls?.get;
    if (typeof url !== 'string' || url === '') {
      throw new ApiCallError({
        message: `Replicate accepted the upload of ${file.path} but returned no urls.get to use in the model input.`,
        url: `${this.options.baseURL}/files`,
        statusCode: 200,
        responseBody: redact(JSON.stringify(uploaded ?? null), this.options.apiToken()),
        category: 'invalid_response',
        isRetryable: true,
      });
    }
    return url;
  }

  /** `GET /v1/account`: proves the token works. */
  async account(): Promise<{ username?: string }> {
    const client = this.client();
    return this.call('read the account', () => client.accounts.current()) as Promise<{ username?: string }>;
  }

  private client(callHeaders?: Record<string, string>): Replicate {
    const auth = this.requireToken();
    return new Replicate({
      auth,
      baseUrl: this.options.baseURL,
      fetch: guardedFetch(this.options.fetch, { ...this.options.headers, ...callHeaders }, auth),
      // Inputs never hold Blobs (uploads go through uploadFile), but "upload" also rules out the
      // data-URI fallback, whose SDK bug sends the client, token included, as the input.
      fileEncodingStrategy: 'upload',
      useFileOutput: false,
    });
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    const token = this.options.apiToken();
    try {
      return await run();
    } catch (error) {
      if (CinemaError.isInstance(error)) throw error;
      if (isAbort(error)) {
        throw new CinemaError({ category: 'cancelled', message: `Replicate: stopped while trying to ${what} (aborted).`, cause: error });
      }
      if (error instanceof SyntaxError) {
        throw new ApiCallError({
          message: `Replicate answered with a body that is not JSON while trying to ${what}: ${redact(error.message, token)}. This is usually a proxy or an outage; the call can be retried.`,
          url: this.options.baseURL,
          category: 'invalid_response',
          isRetryable: true,
        });
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new CinemaError({ category: 'unknown', message: `Replicate: could not ${what}: ${redact(message, token)}` });
    }
  }
}

/**
 * Wraps fetch so a failed HTTP call (non-2xx, or no response at all) is turned into an
 * `ApiCallError` and thrown. The SDK swallows errors thrown by fetch and calls again with the same
 * `init` object; those repeat calls get the same error without touching the network.
 */
function guardedFetch(base: FetchFunction, extraHeaders: Record<string, string>, token: string): FetchFunction {
  const failures = new WeakMap<object, unknown>();
  return async (input, init) => {
    const key = init ?? {};
    const earlier = failures.get(key);
    if (earlier !== undefined) throw earlier;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries(extraHeaders)) headers.set(name, value);
    let response: Response;
    try {
      response = await base(url, { ...init, headers });
    } catch (error) {
      const mapped = isAbort(error)
        ? new CinemaError({ category: 'cancelled', message: `Replicate ${method} ${pathOf(url)} was aborted.`, cause: error })
        : new ApiCallError({
            message: `Could not reach Replicate (${method} ${pathOf(url)}): ${redact(describeNetworkError(error), token)}. Check the network or the baseURL setting.`,
            url,
          });
      failures.set(key, mapped);
      throw mapped;
    }
    if (response.ok) return response;
    const body = redact(await response.text().catch(() => ''), token);
    const mapped = httpError({ url, method, status: response.status, statusText: response.statusText, body, headers: response.headers });
    failures.set(key, mapped);
    throw mapped;
  };
}

function httpError(options: { url: string; method: string; status: number; statusText: string; body: string; headers: Headers }): ApiCallError {
  const { url, method, status, body } = options;
  const detail = errorDetail(body);
  const retryAfterMs = status === 429 ? (parseRetryAfter(options.headers.get('retry-after')) ?? retryAfterFromDetail(detail)) : undefined;
  const where = `Replicate ${method} ${pathOf(url)}`;
  const hint =
    status === 401 || status === 403
      ? ` The API token was refused: check ${tokenVariable} (or the apiToken setting).`
      : status === 402
        ? ' Replicate wants payment: add credit at https://replicate.com/account/billing.'
        : status === 404
          ? ' Check the model id (owner/name, or owner/name:version for community models).'
          : status === 422
            ? " The model refused the input: check the field names against the model's API page on replicate.com."
            : status === 429
              ? ` Rate limited${retryAfterMs != null ? `; retry in ${Math.ceil(retryAfterMs / 1000)} s` : ''}. Lower the concurrency for provider 'replicate' if this repeats.`
              : status >= 500
                ? ' Replicate had a server error; the call can be retried.'
                : '';
  return new ApiCallError({
    message: `${where} failed with HTTP ${status}${options.statusText ? ` ${options.statusText}` : ''}${detail ? `: ${truncate(detail, 300)}` : ''}.${hint}`,
    url,
    statusCode: status,
    responseBody: truncate(body, 2000),
    retryAfterMs,
    category: status === 402 ? 'invalid_request' : undefined,
  });
}

function errorDetail(body: string): string {
  try {
    const parsed = JSON.parse(body) as { detail?: unknown; title?: unknown; error?: unknown };
    const detail = parsed.detail ?? parsed.error ?? parsed.title;
    if (typeof detail === 'string') return detail;
    if (detail != null) return JSON.stringify(detail);
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.trim();
}

/** Replicate's 429 body says "Your rate limit resets in ~30s." when no header is sent. */
function retryAfterFromDetail(detail: string): number | undefined {
  const match = /resets in ~?\s*(\d+(?:\.\d+)?)\s*s/i.exec(detail);
  return match ? Number(match[1]) * 1000 : undefined;
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? ` (${String((cause as { code: unknown }).code)})` : '';
    return `${error.message}${code}`;
  }
  return String(error);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** Removes the token from text that came from elsewhere (a server may echo headers back). */
export function redact(text: string, token: string | undefined): string {
  if (!token || token.length < 4) return text;
  return text.split(token).join('[redacted]');
}

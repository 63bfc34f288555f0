import { AsyncLocalStorage } from 'node:async_hooks';
import { falHttpError, falMalformedResponseError, falNetworkError, isAbortError } from './fal-errors.js';

/**
 * The fal operation and full endpoint id of the call in progress, so error messages name
 * `fal-ai/flux/dev` although status URLs carry only `fal-ai/flux`.
 */
export const falCallContext = new AsyncLocalStorage<{ operation: string; endpointId?: string }>();

export const defaultFalQueueURL = 'https://queue.fal.run';
export const defaultFalRestURL = 'https://rest.fal.ai';
const defaultFalRunURL = 'https://fal.run';

export interface FalTransportOptions {
  queueURL: string;
  restURL: string;
  headers: Record<string, string>;
  fetch: typeof globalThis.fetch;
  /** Values to strip from every error (the API key). */
  secrets: () => string[];
  now?: () => number;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Rewrites fal's fixed hosts to the configured ones (an emulator, a gateway). */
export function rewriteFalUrl(url: string, options: Pick<FalTransportOptions, 'queueURL' | 'restURL'>): string {
  const hosts: [string, string][] = [
    [defaultFalQueueURL, withoutTrailingSlash(options.queueURL)],
    [defaultFalRestURL, withoutTrailingSlash(options.restURL)],
  ];
  for (const [from, to] of hosts) {
    if (from !== to && (url === from || url.startsWith(`${from}/`) || url.startsWith(`${from}?`))) {
      return `${to}${url.slice(from.length)}`;
    }
  }
  return url;
}

/** Names the fal operation behind a URL, for error messages. */
export function describeFalRequest(originalUrl: string, method: string): { operation: string; endpointId?: string } {
  let parsed: URL;
  try {
    parsed = new URL(originalUrl);
  } catch {
    return { operation: `${method} request` };
  }
  const origin = parsed.origin;
  const segments = parsed.pathname.split('/').filter(Boolean);
  if (origin === defaultFalRestURL || segments[0] === 'storage') return { operation: 'storage upload' };
  if (origin !== defaultFalQueueURL && origin !== defaultFalRunURL) return { operation: 'file upload' };
  const requestsAt = segments.indexOf('requests');
  if (requestsAt >= 0) {
    const endpointId = segments.slice(0, requestsAt).join('/');
    const tail = segments.slice(requestsAt + 2);
    if (tail[0] === 'cancel') return { operation: 'cancel', endpointId };
    if (tail[0] === 'status') return { operation: 'status', endpointId };
    return { operation: 'result', endpointId };
  }
  return { operation: 'submit', endpointId: segments.join('/') };
}

/**
 * The `fetch` handed to `@fal-ai/client`. It points fal's hosts at the configured URLs, adds the
 * provider's headers, and turns every non-2xx answer and network failure into core's
 * `ApiCallError` before the client sees it. The client's own retry loop only retries its own
 * `ApiError` and coded network errors, so this also switches off its retries, which ignore
 * `Retry-After` and cannot be lowered per call: the orchestrator owns retries.
 */
export function createFalFetch(options: FalTransportOptions): typeof globalThis.fetch {
  return async (input, init) => {
    const originalUrl = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const url = rewriteFalUrl(originalUrl, options);
    const described = describeFalRequest(originalUrl, method);
    const current = falCallContext.getStore();
    const operation = current?.operation ?? described.operation;
    const endpointId = current?.endpointId ?? described.endpointId;
    const isFalHost = url !== originalUrl || originalUrl.startsWith(defaultFalQueueURL) || originalUrl.startsWith(defaultFalRestURL);
    const headers = new Headers(init?.headers);
    if (isFalHost) {
      for (const [name, value] of Object.entries(options.headers)) headers.set(name, value);
    }
    const context = { operation, endpointId, url, secrets: options.secrets(), now: options.now?.() };
    let response: Response;
    try {
      response = await options.fetch(url, { ...init, headers });
    } catch (error) {
      if (isAbortError(error) && init?.signal?.aborted) throw error;
      throw falNetworkError(error, context);
    }
    if (!response.ok) {
      const bodyText = await response.text().catch(() => '');
      throw falHttpError(response, bodyText, context);
    }
    // The client parses JSON itself and would report a cut-off body without quoting it: check here.
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      const bodyText = await response.text();
      try {
        JSON.parse(bodyText);
      } catch {
        throw falMalformedResponseError(response, bodyText, context);
      }
      return new Response(bodyText, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    return response;
  };
}

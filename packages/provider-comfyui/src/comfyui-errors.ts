import { ApiCallError, CinemaError, parseRetryAfter } from '@cinema/core';

/** What a failed request was, for messages: `POST /prompt for workflow "flux" (…)`. */
export interface ComfyRequestSite {
  method: string;
  path: string;
  url: string;
  /** Added after the path, e.g. ` for workflow "flux" (workflows/flux.json)`. */
  what?: string;
}

interface ComfyErrorDetail {
  type?: string;
  message?: string;
  details?: string;
  extra_info?: Record<string, unknown>;
}

interface ComfyNodeError {
  errors?: ComfyErrorDetail[];
  class_type?: string;
}

const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

function describeDetail(detail: ComfyErrorDetail): string {
  const message = textOf(detail.message) ?? textOf(detail.type) ?? 'invalid';
  const details = textOf(detail.details);
  return details && !message.includes(details) ? `${message} (${details})` : message;
}

/**
 * ComfyUI's own words from an error body: the `error` of a refused prompt (its type, message and
 * details) and each node's `node_errors`, as `node 31 (KSampler): Value not in list (sampler_name: …)`.
 */
export function comfyErrorReason(bodyText: string, fallback: string): string {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return textOf(bodyText)?.slice(0, 500) ?? fallback;
  }
  if (body == null || typeof body !== 'object') return fallback;
  const record = body as { error?: unknown; node_errors?: unknown };
  const parts: string[] = [];
  if (typeof record.error === 'string') parts.push(record.error);
  else if (record.error != null && typeof record.error === 'object') parts.push(describeDetail(record.error as ComfyErrorDetail));
  if (record.node_errors != null && typeof record.node_errors === 'object') {
    for (const [nodeId, nodeError] of Object.entries(record.node_errors as Record<string, ComfyNodeError>)) {
      const reasons = (nodeError.errors ?? []).map(describeDetail).join('; ');
      parts.push(`node ${nodeId}${nodeError.class_type ? ` (${nodeError.class_type})` : ''}: ${reasons || 'invalid'}`);
    }
  }
  return parts.length > 0 ? parts.join('; ') : fallback;
}

function adviceFor(status: number): string {
  if (status === 400) return 'Fix the workflow or the node inputs named above; sending it again will not help.';
  if (status === 401 || status === 403) return 'The server refused the credentials: check the headers given to createComfyUI.';
  if (status === 404) return 'Check baseURL: this path does not exist there.';
  if (status === 429 || status >= 500) return 'The call is retried.';
  return '';
}

/** A non-2xx answer from ComfyUI, with its reason quoted. */
export function comfyHttpError(response: { status: number; statusText: string; headers: Headers }, bodyText: string, site: ComfyRequestSite): ApiCallError {
  const reason = comfyErrorReason(bodyText, response.statusText || `HTTP ${response.status}`).replace(/[.\s]+$/, '');
  return new ApiCallError({
    message: `ComfyUI ${site.method} ${site.path}${site.what ?? ''} failed with HTTP ${response.status}: ${reason}. ${adviceFor(response.status)}`.trim(),
    url: site.url,
    statusCode: response.status,
    responseBody: bodyText.slice(0, 4000),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  });
}

/** A call that got no HTTP answer: the server is not running there, or the network is down. */
export function comfyNetworkError(error: unknown, site: ComfyRequestSite): CinemaError {
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return new CinemaError({ message: `ComfyUI ${site.method} ${site.path}${site.what ?? ''} was aborted.`, category: 'cancelled' });
  }
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause != null && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : cause instanceof Error ? cause.message : undefined;
  const origin = new URL(site.url).origin;
  return new ApiCallError({
    message:
      `ComfyUI ${site.method} ${site.path}${site.what ?? ''}: no answer from ${origin}${code ? ` (${code})` : ''}. ` +
      'Is ComfyUI running there? Start it (python main.py, add --listen to reach it from another machine) or set baseURL (or COMFYUI_URL).',
    url: site.url,
    category: 'network',
    isRetryable: true,
  });
}

/** A 2xx answer whose body is not the JSON ComfyUI sends: quoted and retried. */
export function comfyMalformedError(bodyText: string, site: ComfyRequestSite): ApiCallError {
  return new ApiCallError({
    message: `ComfyUI ${site.method} ${site.path}${site.what ?? ''} answered with a body that is not JSON: ${JSON.stringify(bodyText.slice(0, 200))}. Check that baseURL points at ComfyUI itself; the call is retried.`,
    url: site.url,
    responseBody: bodyText.slice(0, 4000),
    category: 'invalid_response',
    isRetryable: true,
  });
}

import { ApiCallError, CinemaError, parseRetryAfter } from '@cinema/core';

/** fal's Model Errors body: `{"detail": [{loc, msg, type, ...}]}` or `{"detail": "text"}`. */
interface FalErrorDetail {
  loc?: unknown[];
  msg?: string;
  type?: string;
  categories?: string[];
}

export interface FalErrorContext {
  /** What Cinema was doing: `submit`, `status`, `result`, `cancel`, `storage upload`, ... */
  operation: string;
  /** The fal endpoint id, when known. */
  endpointId?: string;
  url: string;
  /** Values that must never appear in a message or a stored body. */
  secrets: string[];
  now?: number;
}

/** Removes every secret from a text before it goes into an error. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  return result;
}

function describeDetail(detail: FalErrorDetail): string {
  const location = Array.isArray(detail.loc)
    ? detail.loc.filter((part) => part !== 'body').map(String).join('.')
    : '';
  const categories = detail.categories?.length ? ` [${detail.categories.join(', ')}]` : '';
  return `${location ? `${location}: ` : ''}${detail.msg ?? detail.type ?? 'invalid'}${categories}`;
}

/** fal's own words for what went wrong, from a JSON or text error body. */
export function falErrorReason(body: unknown, fallback: string): { reason: string; contentPolicy: boolean } {
  if (body != null && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const detail = record.detail;
    if (Array.isArray(detail) && detail.length > 0) {
      const details = detail.filter((item): item is FalErrorDetail => item != null && typeof item === 'object');
      return {
        reason: details.map(describeDetail).join('; '),
        contentPolicy: details.some((item) => item.type === 'content_policy_violation'),
      };
    }
    const text = typeof detail === 'string' ? detail : typeof record.message === 'string' ? record.message : typeof record.error === 'string' ? record.error : undefined;
    if (text) return { reason: text, contentPolicy: /content[ _-]?(policy|checker)|nsfw/i.test(text) };
  }
  if (typeof body === 'string' && body.trim() !== '') {
    return { reason: body.trim().slice(0, 500), contentPolicy: false };
  }
  return { reason: fallback, contentPolicy: false };
}

function adviceFor(statusCode: number, contentPolicy: boolean): string {
  if (contentPolicy) return 'fal\'s content checker refused the input; change the prompt or the image it names, or use another model.';
  if (statusCode === 401 || statusCode === 403) return 'Check FAL_KEY (or the apiKey setting) at fal.ai/dashboard/keys.';
  if (statusCode === 404) return 'Check the endpoint id, or the request expired on fal.';
  if (statusCode === 422 || statusCode === 400) return 'Fix the input fields named above.';
  if (statusCode === 429) return 'fal is rate limiting this key; the call is retried after the wait fal asked for.';
  if (statusCode >= 500) return 'fal had a server problem; the call is retried.';
  return '';
}

/** Turns a non-2xx fal response into core's `ApiCallError`, with fal's reason quoted. */
export function falHttpError(
  response: { status: number; statusText: string; headers: Headers },
  bodyText: string,
  context: FalErrorContext,
): ApiCallError {
  let body: unknown = bodyText;
  try {
    body = JSON.parse(bodyText);
  } catch {
    // Plain-text error bodies are quoted as they are.
  }
  const { reason, contentPolicy } = falErrorReason(body, response.statusText || `HTTP ${response.status}`);
  const retryableHeader = response.headers.get('x-fal-retryable');
  const isRetryable = contentPolicy
    ? false
    : retryableHeader === 'true'
      ? true
      : retryableHeader === 'false'
        ? false
        : undefined;
  const where = context.endpointId ? ` for ${context.endpointId}` : '';
  const message = redact(
    `fal ${context.operation}${where} failed with HTTP ${response.status}: ${reason.replace(/[.\s]+$/, '')}. ${adviceFor(response.status, contentPolicy)}`.trim(),
    context.secrets,
  );
  return new ApiCallError({
    message,
    url: redact(context.url, context.secrets),
    statusCode: response.status,
    responseBody: redact(bodyText.slice(0, 4000), context.secrets),
    isRetryable,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), context.now),
    ...(contentPolicy ? { category: 'content_policy' as const } : {}),
  });
}

/** A 2xx answer whose JSON is cut off or malformed: quoted (keys redacted) and retried. */
export function falMalformedResponseError(response: { status: number }, bodyText: string, context: FalErrorContext): ApiCallError {
  const quoted = redact(bodyText.slice(0, 200), context.secrets);
  return new ApiCallError({
    message: `fal ${context.operation}${context.endpointId ? ` for ${context.endpointId}` : ''} answered HTTP ${response.status} with malformed JSON: ${JSON.stringify(quoted)}${bodyText.length > 200 ? ' (cut)' : ''}. The call is retried.`,
    url: redact(context.url, context.secrets),
    statusCode: response.status,
    responseBody: redact(bodyText.slice(0, 4000), context.secrets),
    isRetryable: true,
    category: 'invalid_response',
  });
}

/** A call that never got an HTTP answer (refused, reset, timed out). */
export function falNetworkError(error: unknown, context: FalErrorContext): CinemaError {
  if (isAbortError(error)) {
    return new CinemaError({ message: `fal ${context.operation} was aborted.`, category: 'cancelled' });
  }
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause != null && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  // The original error is not kept as `cause`: @fal-ai/client would find its error code and retry
  // on its own, and the orchestrator owns retries.
  return new ApiCallError({
    message: redact(
      `fal ${context.operation}${context.endpointId ? ` for ${context.endpointId}` : ''} could not reach ${new URL(context.url).host}: ${detail}${code ? ` (${code})` : ''}. Check the network; the call is retried.`,
      context.secrets,
    ),
    url: redact(context.url, context.secrets),
    category: 'network',
    isRetryable: true,
  });
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * Normalises anything a fal call threw into a CinemaError: errors from the transport pass through;
 * SDK-side failures (a malformed JSON body) become retryable `invalid_response` errors.
 */
export function toFalError(error: unknown, context: Omit<FalErrorContext, 'url'> & { url?: string }): CinemaError {
  if (CinemaError.isInstance(error)) return error;
  if (isAbortError(error)) return new CinemaError({ message: `fal ${context.operation} was aborted.`, category: 'cancelled' });
  const detail = redact(error instanceof Error ? error.message : String(error), context.secrets);
  if (error instanceof SyntaxError) {
    return new ApiCallError({
      message: `fal ${context.operation}${context.endpointId ? ` for ${context.endpointId}` : ''} returned a body that is not valid JSON (${detail}). The call is retried.`,
      url: context.url ?? '',
      category: 'invalid_response',
      isRetryable: true,
    });
  }
  return new CinemaError({
    message: `fal ${context.operation}${context.endpointId ? ` for ${context.endpointId}` : ''} failed: ${detail}`,
    category: 'unknown',
  });
}

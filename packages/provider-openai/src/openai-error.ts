import { ApiCallError, CinemaError, InvalidResponseError, parseRetryAfter } from '@cinema/core';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/** Error codes OpenAI uses when its safety system refuses a request. */
const contentPolicyCodes = new Set(['content_policy_violation', 'moderation_blocked', 'content_filter', 'safety_violation']);

/**
 * Removes API keys from text that may be shown or stored: the caller's own key wherever it appears,
 * anything shaped like an OpenAI key (`sk-…`, including the masked echo in a 401 message), and
 * bearer tokens.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret != null && secret.length >= 4) result = result.split(secret).join('[REDACTED]');
  }
  return result
    .replace(/\bsk-[A-Za-z0-9_*.-]{4,}/g, 'sk-[REDACTED]')
    .replace(/(Bearer\s+)[^\s"',]+/gi, '$1[REDACTED]')
    .replace(/("?(?:api[_-]?key|authorization)"?\s*[:=]\s*"?)[^\s"',}]+/gi, '$1[REDACTED]');
}

/** Shortens text for an error message, saying how much was left out. */
export function truncate(text: string, limit = 500): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}

/** Where a failed call was going, for the error message and `ApiCallError.url`. */
export interface OpenAICallSite {
  /** `chat.completions`, `images.edit`, … */
  operation: string;
  modelId: string;
  url: string;
  /** Secrets to scrub from anything copied out of the response. */
  secrets: readonly (string | undefined)[];
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  if (headers == null) return undefined;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds != null) {
    const value = Number.parseFloat(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  return parseRetryAfter(headers.get('retry-after'));
}

function hintForStatus(status: number, code: string | null | undefined): string {
  if (status === 401) return ' Check OPENAI_API_KEY (or the apiKey passed to createOpenAI).';
  if (status === 403) return ' The key is not allowed to use this model; check the project and organization settings (image models may need a verified organization).';
  if (status === 404 || code === 'model_not_found') return ' Check the model id, or whether your account has access to it.';
  if (status === 429) return code === 'insufficient_quota' ? ' The account is out of quota; add credit at platform.openai.com.' : ' Rate limited: Cinema will retry after a pause.';
  if (status >= 500) return ' OpenAI had a server error; Cinema will retry.';
  return '';
}

/**
 * Turns whatever the OpenAI SDK threw into a Cinema error. HTTP failures become `ApiCallError`
 * with the status, the redacted response body, whether a retry may help, and the server's
 * `retry-after-ms` / `Retry-After`. The SDK error is not kept as `cause`: its body may echo secrets.
 */
export function mapOpenAIError(error: unknown, site: OpenAICallSite): CinemaError {
  if (CinemaError.isInstance(error)) return error;
  const where = `OpenAI ${site.operation} (model "${site.modelId}")`;
  if (error instanceof APIUserAbortError || (error instanceof Error && error.name === 'AbortError')) {
    return new CinemaError({ message: `${where} was cancelled.`, category: 'cancelled', cause: error });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new ApiCallError({
      message: `${where} timed out before OpenAI answered (${site.url}). Cinema will retry.`,
      url: site.url,
      category: 'timeout',
      isRetryable: true,
      cause: error,
    });
  }
  if (error instanceof APIConnectionError) {
    const reason = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new ApiCallError({
      message: redactSecrets(`${where} could not reach ${site.url}${reason}. Check the network or baseURL; Cinema will retry.`, site.secrets),
      url: site.url,
      isRetryable: true,
      cause: error.cause,
    });
  }
  if (error instanceof APIError && error.status != null) {
    const status = error.status;
    const body = error.error;
    const responseBody = redactSecrets(
      body === undefined ? error.message.replace(/^\d{3}\s*/, '') : JSON.stringify({ error: body }),
      site.secrets,
    );
    const serverMessage = redactSecrets(
      typeof (body as { message?: unknown } | undefined)?.message === 'string'
        ? (body as { message: string }).message
        : truncate(responseBody, 300) || 'no body',
      site.secrets,
    );
    const code = error.code;
    const isContentPolicy =
      (code != null && contentPolicyCodes.has(code)) || /safety system|content policy|moderation/i.test(serverMessage);
    const requestId = error.requestID ? ` (request id ${error.requestID})` : '';
    if (isContentPolicy && status < 500) {
      return new ApiCallError({
        message: `${where} was refused by OpenAI's safety system (HTTP ${status}${code ? `, ${code}` : ''}): ${serverMessage}${requestId}. Rewrite the prompt; retrying the same request will not help.`,
        url: site.url,
        statusCode: status,
        responseBody,
        category: 'content_policy',
        isRetryable: false,
      });
    }
    return new ApiCallError({
      message: `${where} failed with HTTP ${status}${code ? ` (${code})` : ''}: ${serverMessage}${requestId}.${hintForStatus(status, code)}`,
      url: site.url,
      statusCode: status,
      responseBody,
      retryAfterMs: retryAfterMs(error.headers),
      isRetryable: error.headers?.get('x-should-retry') === 'false' ? false : undefined,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CinemaError({
    message: redactSecrets(`${where} failed: ${message}`, site.secrets),
    category: 'unknown',
    cause: error,
  });
}

/** The response was a 2xx, but its body is not the JSON the endpoint promises. */
export function malformedBodyError(site: OpenAICallSite, body: string, reason: string): InvalidResponseError {
  return new InvalidResponseError({
    message:
      `${`OpenAI ${site.operation} (model "${site.modelId}")`} answered with a body that is not valid JSON (${reason}). ` +
      `The body began: ${JSON.stringify(truncate(redactSecrets(body, site.secrets)))}. ` +
      'If baseURL points at a proxy or a local server, check that it speaks the OpenAI API.',
  });
}

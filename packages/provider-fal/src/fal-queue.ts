import type { FalClient } from '@fal-ai/client';
import { ApiCallError, CinemaError, type InputFile, type JsonValue, type ModelWarning } from '@cinema/core';
import { toFalError } from './fal-errors.js';
import { falCallContext } from './fal-transport.js';
import type { FalPriceRow } from './fal-prices.js';

/**
 * The JSON the orchestrator keeps for a submitted fal request. Holds nothing secret: the key is
 * resolved again when polling.
 */
export interface FalOperation {
  endpointId: string;
  requestId: string;
  /** What the call costs, when known at submit time (video, speech). */
  costUsd?: number;
}

/** What every fal model needs from its provider. */
export interface FalModelContext {
  readonly providerName: string;
  /** The configured client; throws the `FAL_KEY` auth error when no key is set. */
  client(): FalClient;
  /** Uploads a local file to fal storage (once per checksum) and returns its URL. */
  upload(file: InputFile): Promise<string>;
  price(endpointId: string): FalPriceRow | undefined;
  secrets(): string[];
  /** Wait between polls in `doGenerate`. */
  readonly pollIntervalMs: number;
}

export type FalPollResult =
  | { state: 'pending'; queuePosition?: number; inProgress: boolean }
  | { state: 'completed'; data: unknown; requestId: string }
  | {
      state: 'failed';
      message: string;
      isRetryable: boolean;
      category: 'content_policy' | 'invalid_request' | 'server' | 'timeout' | 'unknown';
    };

/** Reads an operation back from the job store, checking its shape. */
export function parseFalOperation(operation: JsonValue): FalOperation {
  if (operation != null && typeof operation === 'object' && !Array.isArray(operation)) {
    const { endpointId, requestId, costUsd } = operation as Record<string, JsonValue>;
    if (typeof endpointId === 'string' && typeof requestId === 'string') {
      return { endpointId, requestId, ...(typeof costUsd === 'number' ? { costUsd } : {}) };
    }
  }
  throw new CinemaError({
    message: `Not a fal operation: ${JSON.stringify(operation)?.slice(0, 200)}. Expected {"endpointId","requestId"} as returned by doStart; the job row may belong to another provider.`,
    category: 'input',
  });
}

export function toJsonOperation(operation: FalOperation): JsonValue {
  return { ...operation };
}

/** Submits to fal's queue (`POST queue.fal.run/{endpoint}`) and returns the request id. */
export async function submitToFal(
  context: FalModelContext,
  endpointId: string,
  input: Record<string, unknown>,
  options: { abortSignal?: AbortSignal; headers?: Record<string, string> },
): Promise<string> {
  const client = context.client();
  try {
    const queued = await falCallContext.run({ operation: 'submit', endpointId }, () => client.queue.submit(endpointId, {
      input,
      abortSignal: options.abortSignal,
      ...(options.headers ? { headers: options.headers } : {}),
    }));
    if (typeof queued?.request_id !== 'string' || queued.request_id === '') {
      throw new ApiCallError({
        message: `fal submit for ${endpointId} answered without a request_id; the request may or may not be queued. Check fal's dashboard before retrying.`,
        url: endpointId,
        category: 'invalid_response',
        isRetryable: false,
      });
    }
    return queued.request_id;
  } catch (error) {
    throw toFalError(error, { operation: 'submit', endpointId, secrets: context.secrets() });
  }
}

function isTransient(error: CinemaError): boolean {
  if (error.category === 'content_policy') return false;
  const status = ApiCallError.isInstance(error) ? (error as ApiCallError).statusCode : undefined;
  return (
    status == null ||
    status === 404 ||
    status === 408 ||
    status === 409 ||
    status === 429 ||
    status === 401 ||
    status === 403 ||
    status >= 502
  );
}

/**
 * One poll: `status`, then `result` once COMPLETED. A failure answer on the result GET is the job's
 * failure and is returned as `failed`; rate limits, gateway errors and network failures are thrown
 * so the orchestrator polls again after the wait.
 */
export async function pollFal(
  context: FalModelContext,
  operation: FalOperation,
  abortSignal?: AbortSignal,
): Promise<FalPollResult> {
  const client = context.client();
  const { endpointId, requestId } = operation;
  const secrets = context.secrets();
  let status;
  try {
    status = await falCallContext.run({ operation: 'status', endpointId }, () =>
      client.queue.status(endpointId, { requestId, logs: false, abortSignal }),
    );
  } catch (error) {
    throw toFalError(error, { operation: 'status', endpointId, secrets });
  }
  if (status.status === 'IN_QUEUE') return { state: 'pending', queuePosition: status.queue_position, inProgress: false };
  if (status.status === 'IN_PROGRESS') return { state: 'pending', inProgress: true };
  if (status.status !== 'COMPLETED') {
    throw new ApiCallError({
      message: `fal status for ${endpointId} request ${requestId} is "${String((status as { status: unknown }).status)}", which Cinema does not know. Expected IN_QUEUE, IN_PROGRESS or COMPLETED.`,
      url: endpointId,
      category: 'invalid_response',
      isRetryable: true,
    });
  }
  try {
    const result = await falCallContext.run({ operation: 'result', endpointId }, () =>
      client.queue.result(endpointId, { requestId, abortSignal }),
    );
    return { state: 'completed', data: result.data, requestId: result.requestId || requestId };
  } catch (error) {
    const cinemaError = toFalError(error, { operation: 'result', endpointId, secrets });
    if (cinemaError.category === 'cancelled' || cinemaError.category === 'invalid_response' || isTransient(cinemaError)) {
      throw cinemaError;
    }
    const statusCode = ApiCallError.isInstance(cinemaError) ? (cinemaError as ApiCallError).statusCode : undefined;
    return {
      state: 'failed',
      message: cinemaError.message,
      isRetryable: cinemaError.category !== 'content_policy' && statusCode != null && statusCode >= 500,
      category:
        cinemaError.category === 'content_policy'
          ? 'content_policy'
          : statusCode != null && statusCode >= 500
            ? 'server'
            : statusCode != null && statusCode >= 400
              ? 'invalid_request'
              : 'unknown',
    };
  }
}

/** `PUT …/requests/{id}/cancel`. A request that already completed is not an error. */
export async function cancelFal(context: FalModelContext, operation: FalOperation): Promise<void> {
  try {
    const client = context.client();
    await falCallContext.run({ operation: 'cancel', endpointId: operation.endpointId }, () =>
      client.queue.cancel(operation.endpointId, { requestId: operation.requestId }),
    );
  } catch (error) {
    const cinemaError = toFalError(error, { operation: 'cancel', endpointId: operation.endpointId, secrets: context.secrets() });
    const statusCode = ApiCallError.isInstance(cinemaError) ? (cinemaError as ApiCallError).statusCode : undefined;
    if (statusCode === 400 && /ALREADY_COMPLETED/i.test((cinemaError as ApiCallError).responseBody ?? '')) return;
    throw cinemaError;
  }
}

/** A pending `OperationStatus` from a poll: fal gives a queue position, not a percentage. */
export function pendingStatus(poll: Extract<FalPollResult, { state: 'pending' }>) {
  const status = {
    status: 'pending' as const,
    progress: poll.inProgress ? undefined : 0,
    /** fal's place in the queue, when queued. Not part of core's type; kept for logs. */
    queuePosition: poll.queuePosition,
    pollAfterMs: poll.queuePosition != null ? Math.min(10_000, Math.max(1_000, poll.queuePosition * 1_000)) : undefined,
  };
  return Object.fromEntries(Object.entries(status).filter(([, value]) => value !== undefined)) as {
    status: 'pending';
    progress?: number;
    pollAfterMs?: number;
  };
}

/** Polls until done; for `doGenerate` convenience. The orchestrator uses doStart/doStatus instead. */
export async function waitForFal(
  context: FalModelContext,
  operation: FalOperation,
  options: { abortSignal?: AbortSignal; pollIntervalMs?: number },
): Promise<Exclude<FalPollResult, { state: 'pending' }>> {
  for (;;) {
    const poll = await pollFal(context, operation, options.abortSignal);
    if (poll.state !== 'pending') return poll;
    await sleep(options.pollIntervalMs ?? context.pollIntervalMs, options.abortSignal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CinemaError({ message: 'fal polling was aborted.', category: 'cancelled' }));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CinemaError({ message: 'fal polling was aborted.', category: 'cancelled' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The warning for an endpoint the catalogue does not know. */
export function unknownModelWarning(endpointId: string, kind: string, fields: string): ModelWarning {
  return {
    type: 'other',
    message: `fal ${kind} endpoint "${endpointId}" is not in Cinema's fal catalogue; sending generic fields (${fields}). Check the model's input schema on fal.ai if the call is rejected.`,
  };
}

export function noPriceWarning(endpointId: string, version: string): ModelWarning {
  return {
    type: 'other',
    message: `No published price for fal endpoint "${endpointId}" in Cinema's price table ${version}; costUsd is reported as 0. Set one with createFal({ prices }).`,
  };
}

/** The error `doGenerate` throws for a failed operation. */
export function failureToError(status: { message: string; isRetryable?: boolean; category?: string }): CinemaError {
  const category =
    status.category === 'content_policy' || status.category === 'invalid_request' || status.category === 'server' || status.category === 'timeout'
      ? status.category
      : 'unknown';
  return new CinemaError({ message: status.message, category, isRetryable: status.isRetryable ?? false });
}

import { CinemaError } from '@cinema/core';
import type { GeneratedFile, JsonValue, ModelWarning, OperationStatus } from '@cinema/core';
import type { ReplicatePrediction } from './replicate-api.js';

/** The operation `doStart` returns and the job store keeps: enough to poll after a restart. */
export interface ReplicateOperation {
  predictionId: string;
  /** The model id as given (`owner/name` or `owner/name:version`). */
  model: string;
}

export function toOperationJson(operation: ReplicateOperation): JsonValue {
  return { predictionId: operation.predictionId, model: operation.model };
}

/** Reads an operation back from the job store, with an error that says what is wrong with it. */
export function parseOperation(value: JsonValue): ReplicateOperation {
  if (value != null && typeof value === 'object' && !Array.isArray(value)) {
    const { predictionId, model } = value as Record<string, JsonValue>;
    if (typeof predictionId === 'string' && predictionId !== '' && typeof model === 'string') {
      return { predictionId, model };
    }
  }
  throw new CinemaError({
    category: 'invalid_request',
    message: `Not a Replicate operation: expected {"predictionId": string, "model": string}, got ${JSON.stringify(value)}. The job row may come from another provider.`,
  });
}

type FailedStatus = Extract<OperationStatus<unknown>, { status: 'failed' }>;

const contentPolicyPattern =
  /nsfw|flagged as sensitive|\(E005\)|content (policy|moderation|filter)|safety (checker|filter|system)|moderat(ed|ion)|prohibited content|inappropriate/i;

/** Maps a prediction that ended without output to a failed status with the reason and category. */
export function failedStatus(prediction: ReplicatePrediction): FailedStatus {
  const reason = errorText(prediction.error);
  if (prediction.status === 'canceled' || prediction.status === 'aborted') {
    return {
      status: 'failed',
      category: 'unknown',
      isRetryable: false,
      message: `Replicate prediction ${prediction.id} was ${prediction.status}${reason ? `: ${reason}` : ''} (by a cancel call, the dashboard or a deadline).`,
    };
  }
  if (contentPolicyPattern.test(reason)) {
    return {
      status: 'failed',
      category: 'content_policy',
      isRetryable: false,
      message: `Replicate refused prediction ${prediction.id} on content policy grounds: ${reason}. Rephrase the prompt or change the input images; retrying the same request will fail again.`,
    };
  }
  if (/timed? ?out|timeout/i.test(reason)) {
    return { status: 'failed', category: 'timeout', isRetryable: true, message: `Replicate prediction ${prediction.id} timed out: ${reason}` };
  }
  if (/out of memory|internal (server )?error|unavailable|try again/i.test(reason)) {
    return { status: 'failed', category: 'server', isRetryable: true, message: `Replicate prediction ${prediction.id} failed on the server: ${reason}` };
  }
  return {
    status: 'failed',
    category: 'unknown',
    isRetryable: false,
    message: `Replicate prediction ${prediction.id} failed: ${reason || 'no error message given'}. Check the model's logs at https://replicate.com/p/${prediction.id}.`,
  };
}

/** The output URLs of a finished prediction, whatever shape the model returns. */
export function outputUrls(output: unknown): string[] {
  if (typeof output === 'string') return output === '' ? [] : [output];
  if (Array.isArray(output)) return output.flatMap((item) => outputUrls(item));
  if (output != null && typeof output === 'object') {
    // Some models return {audio: url} or {video: url}; take every URL-looking string.
    return Object.values(output as Record<string, unknown>).flatMap((value) =>
      typeof value === 'string' && /^(https?:|data:)/.test(value) ? [value] : Array.isArray(value) ? outputUrls(value) : [],
    );
  }
  return [];
}

const mediaTypes: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  m4a: 'audio/mp4',
  pcm: 'audio/pcm',
};

/**
 * A generated file from an output URL. Replicate's output URLs (replicate.delivery) are public
 * for about an hour and need no token, so no download headers are added. `data:` URIs (some
 * models inline small outputs) are decoded here.
 */
export function toGeneratedFile(url: string, fallbackMediaType: string): GeneratedFile {
  const dataUri = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(url);
  if (dataUri) {
    const [, type, base64, payload = ''] = dataUri;
    const data = base64 ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload));
    return { mediaType: type ?? fallbackMediaType, data: new Uint8Array(data) };
  }
  let extension = '';
  try {
    extension = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? '';
  } catch {
    extension = '';
  }
  return { mediaType: mediaTypes[extension] ?? fallbackMediaType, url };
}

/** Fraction done from tqdm-style log lines (`76%|████`), when the model prints them. */
export function progressFromLogs(logs: string | null | undefined): number | undefined {
  if (!logs) return undefined;
  const matches = [...logs.matchAll(/(\d{1,3})%\|/g)];
  const last = matches.at(-1);
  if (!last) return undefined;
  const percent = Number(last[1]);
  return percent >= 0 && percent <= 100 ? percent / 100 : undefined;
}

/**
 * Maps a prediction to an operation status; `complete` builds the result from the output URLs
 * (it may return a failed status when the output is unusable).
 */
export function predictionStatus<Result>(
  prediction: ReplicatePrediction,
  pollAfterMs: number,
  complete: (urls: string[]) => OperationStatus<Result>,
): OperationStatus<Result> {
  switch (prediction.status) {
    case 'starting':
    case 'processing': {
      const progress = progressFromLogs(prediction.logs);
      return { status: 'pending', pollAfterMs, ...(progress != null ? { progress } : {}) };
    }
    case 'succeeded': {
      if (prediction.data_removed === true) {
        return {
          status: 'failed',
          category: 'unknown',
          isRetryable: true,
          message: `Replicate prediction ${prediction.id} succeeded, but Replicate has since deleted its output (API outputs are kept about an hour). Run the job again to make a new one.`,
        };
      }
      const urls = outputUrls(prediction.output);
      if (urls.length === 0) {
        return {
          status: 'failed',
          category: 'unknown',
          isRetryable: true,
          message: `Replicate prediction ${prediction.id} succeeded but returned no file (output: ${JSON.stringify(prediction.output ?? null).slice(0, 200)}).`,
        };
      }
      return complete(urls);
    }
    case 'failed':
    case 'canceled':
    case 'aborted':
      return failedStatus(prediction);
    default:
      return {
        status: 'failed',
        category: 'unknown',
        isRetryable: true,
        message: `Replicate prediction ${prediction.id} has an unknown status ${JSON.stringify((prediction as { status: unknown }).status)}.`,
      };
  }
}

/** Turns a failed status into the error `doGenerate` throws. */
export function statusError(status: FailedStatus): CinemaError {
  return new CinemaError({ message: status.message, category: status.category ?? 'unknown', isRetryable: status.isRetryable ?? false });
}

export function errorText(error: unknown): string {
  if (error == null) return '';
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && 'message' in error && typeof error.message === 'string') return error.message;
  return JSON.stringify(error);
}

export function warningsOrUndefined(warnings: ModelWarning[]): ModelWarning[] | undefined {
  return warnings.length > 0 ? warnings : undefined;
}

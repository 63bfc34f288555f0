/** Any value that survives `JSON.stringify` and `JSON.parse` unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Something a model could not honour exactly; reported, not thrown. */
export interface ModelWarning {
  type: 'unsupported-setting' | 'other';
  setting?: string;
  message: string;
}

/** Options every model call receives. */
export interface ModelCallBase {
  /** Aborted when the job's attempt is cancelled, times out or loses its lease. */
  abortSignal?: AbortSignal;
  /**
   * Minted once per job, before any retry, and identical on every attempt. Providers that accept an
   * idempotency key send it, so a resubmission after a crash is not paid twice.
   */
  idempotencyKey: string;
  /** Extra HTTP headers for this call. */
  headers?: Record<string, string>;
}

/** An image, video or audio file a model produced: the bytes, or a URL to download them from. */
export type GeneratedFile =
  | { mediaType: string; data: Uint8Array }
  | {
      mediaType: string;
      url: string;
      /** Headers the download needs (never persisted). */
      headers?: Record<string, string>;
      /** Bytes the file must have, when the provider said; a shorter download is retried. */
      expectedBytes?: number;
    };

/** An input file handed to a model: a local file already read into memory. */
export interface InputFile {
  path: string;
  mediaType: string;
  data: Uint8Array;
  /** What the file shows, e.g. `char_1 front`. */
  label?: string;
}

/** Every call reports what it cost, in US dollars (0 for free models). */
export interface CallCost {
  costUsd: number;
}

/**
 * Progress of long provider work, returned by `doStatus`. The operation is the opaque JSON value
 * `doStart` returned; the job store keeps it so a restarted run polls instead of paying again.
 */
export type OperationStatus<Result> =
  | { status: 'pending'; progress?: number; /** Ask to be polled again after this many ms. */ pollAfterMs?: number }
  | { status: 'completed'; result: Result }
  | {
      status: 'failed';
      message: string;
      /** Default: false. */
      isRetryable?: boolean;
      category?: 'content_policy' | 'invalid_request' | 'server' | 'timeout' | 'unknown';
    };

/**
 * What `doFind` receives besides the call's own options: a lower bound on when the work was
 * submitted (the job's first start, ms since epoch), so the search can stop at older work.
 */
export interface FindOptions {
  submittedAfter: number;
}

/** What `doStart` returns: a handle that survives a restart. */
export interface StartedOperation {
  operation: JsonValue;
  warnings?: ModelWarning[];
}

/**
 * What a picture, clip or line is for, in structured form. Hosted models ignore it (the prompt says
 * the same in words); offline models such as the animatic draw from it.
 */
export interface ShotContext {
  purpose: 'character' | 'keyframe' | 'video' | 'speech';
  sceneId?: string;
  shotId?: string;
  /** For character sheets. */
  view?: 'front' | 'side' | 'full_body';
  /** For keyframes. */
  frame?: 'first_frame' | 'last_frame' | 'transition_frame';
  characters: { id: string; name: string; traits: string[] }[];
  location?: string;
  timeOfDay?: string;
  camera?: string;
  /** A short line to show or say: the shot's action, or the speaker's name. */
  caption?: string;
}

import type { CallCost, FindOptions, GeneratedFile, InputFile, JsonValue, ModelCallBase, ModelWarning, OperationStatus, ShotContext, StartedOperation } from './shared.js';

/** How a clip is made: from text alone, from a first frame, or between a first and a last frame. */
export type VideoMode = 'text-to-video' | 'image-to-video' | 'first-last-frame';

export interface VideoModelV1Capabilities {
  /** Default: `['text-to-video']`. */
  modes: VideoMode[];
  /** Clip lengths in seconds the model can make; the nearest one not shorter than the shot is used. Default: `[5]`. */
  durations: number[];
  /** Default: `['16:9']`. */
  aspectRatios: string[];
  /** Reference images (characters) per call besides the frames. Default: 0. */
  maxReferenceImages: number;
  /** Whether the clip comes with its own soundtrack. Default: false. */
  generatesAudio: boolean;
}

export interface VideoModelV1CallOptions extends ModelCallBase {
  mode: VideoMode;
  prompt: string;
  durationSeconds: number;
  aspectRatio: string;
  firstFrame?: InputFile;
  lastFrame?: InputFile;
  referenceImages: InputFile[];
  seed?: number;
  /** Structured description of the request; see `ShotContext`. */
  context?: ShotContext;
}

export interface VideoModelV1Result extends CallCost {
  video: GeneratedFile;
  warnings?: ModelWarning[];
}

/** A video model: long work, always start + status. */
export interface VideoModelV1 {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities?: Partial<VideoModelV1Capabilities>;
  /**
   * Checks what can be checked before any job starts and without spending (an API key is set),
   * throwing a CinemaError that says what to do. Optional.
   */
  validate?(): void | Promise<void>;
  doStart(options: VideoModelV1CallOptions): Promise<StartedOperation>;
  doStatus(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<VideoModelV1Result>>;
  /**
   * Finds work the provider already accepted for these options, for the one window start + status
   * cannot close: a crash after the provider accepted a submission and before the job store saved
   * its operation. Returns that work's operation, or undefined when there is none (then the job
   * submits). Called on resume before submitting again, only for that window. Optional: without
   * it, a crash in that window can pay twice; document the window in the provider's README.
   */
  doFind?(options: VideoModelV1CallOptions & FindOptions): Promise<StartedOperation | undefined>;
  /**
   * Asks the provider to stop work the run no longer wants (`cinema cancel`, a passed deadline), so
   * queued work stops being billed. Optional: without it the work is left to finish.
   */
  doCancel?(options: { operation: JsonValue }): Promise<void>;
  /** Default: 0. */
  estimateCost?(options: Pick<VideoModelV1CallOptions, 'mode' | 'durationSeconds' | 'aspectRatio'>): number;
}

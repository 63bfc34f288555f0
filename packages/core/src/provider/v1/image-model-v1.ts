import type { CallCost, FindOptions, GeneratedFile, InputFile, JsonValue, ModelCallBase, ModelWarning, OperationStatus, ShotContext, StartedOperation } from './shared.js';

export interface ImageModelV1Capabilities {
  /** Reference images the model accepts per call (character sheets). Default: 0. */
  maxReferenceImages: number;
  /** Aspect ratios accepted, e.g. `['16:9', '1:1']`. Default: `['16:9', '1:1', '9:16']`. */
  aspectRatios: string[];
  /** Whether a seed makes results repeatable. Default: false. */
  supportsSeed: boolean;
  /** Whether every call needs at least one reference image (image editing models). Default: false. */
  requiresReferenceImage: boolean;
}

export interface ImageModelV1CallOptions extends ModelCallBase {
  prompt: string;
  negativePrompt?: string;
  /** Images the result must stay consistent with (character references, the previous frame). */
  referenceImages: InputFile[];
  aspectRatio: string;
  size?: { width: number; height: number };
  seed?: number;
  /** Structured description of the request; see `ShotContext`. */
  context?: ShotContext;
}

export interface ImageModelV1Result extends CallCost {
  images: GeneratedFile[];
  warnings?: ModelWarning[];
}

/**
 * An image model. Quick models implement `doGenerate`; queue-based ones may also implement
 * `doStart` + `doStatus`, which the orchestrator then prefers so a killed run re-attaches.
 */
export interface ImageModelV1 {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  readonly modelId: string;
  /** Missing fields take the documented defaults (see `resolveImageCapabilities`). */
  readonly capabilities?: Partial<ImageModelV1Capabilities>;
  /**
   * Checks what can be checked before any job starts and without spending (an API key is set),
   * throwing a CinemaError that says what to do. Optional.
   */
  validate?(): void | Promise<void>;
  doGenerate(options: ImageModelV1CallOptions): Promise<ImageModelV1Result>;
  doStart?(options: ImageModelV1CallOptions): Promise<StartedOperation>;
  doStatus?(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<ImageModelV1Result>>;
  /**
   * Finds work the provider already accepted for these options, for the one window start + status
   * cannot close: a crash after the provider accepted a submission and before the job store saved
   * its operation. Returns that work's operation, or undefined when there is none (then the job
   * submits). Called on resume before submitting again, only for that window. Optional: without
   * it, a crash in that window can pay twice; document the window in the provider's README.
   */
  doFind?(options: ImageModelV1CallOptions & FindOptions): Promise<StartedOperation | undefined>;
  /**
   * Asks the provider to stop work the run no longer wants (`cinema cancel`, a passed deadline), so
   * queued work stops being billed. Optional: without it the work is left to finish.
   */
  doCancel?(options: { operation: JsonValue }): Promise<void>;
  /** Default: 0. */
  estimateCost?(options: Pick<ImageModelV1CallOptions, 'prompt' | 'aspectRatio' | 'referenceImages'>): number;
}

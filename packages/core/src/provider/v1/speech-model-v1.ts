import type { CallCost, FindOptions, GeneratedFile, JsonValue, ModelCallBase, ModelWarning, OperationStatus, ShotContext, StartedOperation } from './shared.js';

export interface SpeechModelV1CallOptions extends ModelCallBase {
  text: string;
  /** A voice the model knows; the character's `voice`, or the model's default when absent. */
  voice?: string;
  /** How to say it (the parenthetical). */
  instructions?: string;
  /** Structured description of the request; see `ShotContext`. */
  context?: ShotContext;
}

export interface SpeechModelV1Result extends CallCost {
  audio: GeneratedFile;
  /** Length of the audio in seconds, when the model knows it. */
  durationSeconds?: number;
  warnings?: ModelWarning[];
}

export interface SpeechModelV1 {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  readonly modelId: string;
  /** Voices the model offers, when it has a fixed list. */
  readonly voices?: readonly string[];
  /**
   * Checks what can be checked before any job starts and without spending (an API key is set),
   * throwing a CinemaError that says what to do. Optional.
   */
  validate?(): void | Promise<void>;
  doGenerate(options: SpeechModelV1CallOptions): Promise<SpeechModelV1Result>;
  doStart?(options: SpeechModelV1CallOptions): Promise<StartedOperation>;
  doStatus?(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<SpeechModelV1Result>>;
  /**
   * Finds work the provider already accepted for these options, for the one window start + status
   * cannot close: a crash after the provider accepted a submission and before the job store saved
   * its operation. Returns that work's operation, or undefined when there is none (then the job
   * submits). Called on resume before submitting again, only for that window. Optional: without
   * it, a crash in that window can pay twice; document the window in the provider's README.
   */
  doFind?(options: SpeechModelV1CallOptions & FindOptions): Promise<StartedOperation | undefined>;
  /**
   * Asks the provider to stop work the run no longer wants (`cinema cancel`, a passed deadline), so
   * queued work stops being billed. Optional: without it the work is left to finish.
   */
  doCancel?(options: { operation: JsonValue }): Promise<void>;
  /** Default: 0. */
  estimateCost?(options: Pick<SpeechModelV1CallOptions, 'text'>): number;
}

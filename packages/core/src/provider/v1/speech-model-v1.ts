import type { CallCost, GeneratedFile, JsonValue, ModelCallBase, ModelWarning, OperationStatus, ShotContext, StartedOperation } from './shared.js';

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
  /** Default: 0. */
  estimateCost?(options: Pick<SpeechModelV1CallOptions, 'text'>): number;
}

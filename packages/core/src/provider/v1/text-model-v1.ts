import type { CallCost, ModelCallBase, ModelWarning } from './shared.js';

export interface TextModelV1CallOptions extends ModelCallBase {
  system?: string;
  prompt: string;
  /** JSON Schema of the object wanted (from the zod schema). */
  jsonSchema: Record<string, unknown>;
  /** A short name for the schema, e.g. `screenplay`. */
  schemaName: string;
  temperature?: number;
}

export interface TextModelV1Result extends CallCost {
  /** The parsed JSON the model produced. Validated by the caller. */
  object: unknown;
  usage?: { inputTokens?: number; outputTokens?: number };
  warnings?: ModelWarning[];
}

/** A language model that answers with structured output. */
export interface TextModelV1 {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  readonly modelId: string;
  /**
   * Checks what can be checked before any job starts and without spending (an API key is set),
   * throwing a CinemaError that says what to do. Optional.
   */
  validate?(): void | Promise<void>;
  doGenerate(options: TextModelV1CallOptions): Promise<TextModelV1Result>;
  /** Dollars a call would cost, for the budget cap and `cinema estimate`. Default: 0. */
  estimateCost?(options: Pick<TextModelV1CallOptions, 'prompt' | 'system'>): number;
}

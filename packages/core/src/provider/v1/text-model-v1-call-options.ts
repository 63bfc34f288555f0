import type { InputFile } from './input-file.js';
import type { ModelCallBase } from './model-call-base.js';

/**
 * What a text model is asked: a prompt and the JSON Schema of the object to answer with. Core's
 * screenplay stage asks the writer for a screenplay from the script, and the enhancer, when one is
 * configured, for the same screenplay with richer visual prompts.
 */
export interface TextModelV1CallOptions extends ModelCallBase {
  /**
   * Instructions that frame the request, sent as the system message where the API has one. Default:
   * none; core's screenplay stage always sets its writer's or enhancer's instructions.
   */
  system?: string;
  /**
   * The request itself: the script for the writer, the draft screenplay as JSON for the enhancer.
   */
  prompt: string;
  /**
   * JSON Schema (draft 2020-12, from the zod schema with `z.toJSONSchema`) of the object wanted.
   * Send it as the API's structured-output schema where there is one, so the answer parses.
   */
  jsonSchema: Record<string, unknown>;
  /**
   * A short name for the schema, for APIs that require one and for messages: `screenplay` or
   * `screenplay-enhancement` from core's stage.
   */
  schemaName: string;
  /**
   * Sampling temperature. Default: the model's own; core's stages do not set it. A model that takes
   * no temperature ignores it and says so in a warning.
   */
  temperature?: number;
  /**
   * Pictures the model looks at with the prompt, in order (the judge sends a keyframe or a clip's
   * frames and the character sheets). Default: none. A model that cannot see refuses a call with
   * images by throwing an `UnsupportedFunctionalityError`, rather than answering blind.
   */
  images?: InputFile[];
}

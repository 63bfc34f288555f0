import type { CallCost } from './call-cost.js';
import type { ModelWarning } from './model-warning.js';

/** What a text model answered, with what the call cost. */
export interface TextModelV1Result extends CallCost {
  /**
   * The JSON the model produced, parsed. The caller validates it against the schema it asked for:
   * core's screenplay stage fails the attempt with a retryable `InvalidResponseError` naming the
   * first bad field, so a model may return what it got without checking.
   */
  object: unknown;
  /**
   * Tokens the call used, as the provider reported them. Default: not reported. Core does not read
   * it; it is there for plugins and logs.
   */
  usage?: { inputTokens?: number; outputTokens?: number };
  /** Settings the model could not honour (a temperature it does not take). Default: none. */
  warnings?: ModelWarning[];
}

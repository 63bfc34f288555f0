import type { CallCost } from './call-cost.js';
import type { GeneratedFile } from './generated-file.js';
import type { ModelWarning } from './model-warning.js';

/** The pictures an image model drew, with what the call cost. */
export interface ImageModelV1Result extends CallCost {
  /**
   * The pictures, best first; core's stages keep only the first. An empty list fails the attempt
   * with a retryable `invalid_response` error.
   */
  images: GeneratedFile[];
  /**
   * Settings the model could not honour (a size, a seed, a reference image too many). Default:
   * none.
   */
  warnings?: ModelWarning[];
}

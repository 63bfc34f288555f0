import type { CallCost } from './call-cost.js';
import type { GeneratedFile } from './generated-file.js';
import type { ModelWarning } from './model-warning.js';

/** The clip a video model made, with what the work cost. */
export interface VideoModelV1Result extends CallCost {
  /**
   * The clip, usually a URL to download (see `GeneratedFile`); saved under `videos/`, named for the
   * shot, with the extension of its media type.
   */
  video: GeneratedFile;
  /** Settings the model could not honour, found once the work was done. Default: none. */
  warnings?: ModelWarning[];
}

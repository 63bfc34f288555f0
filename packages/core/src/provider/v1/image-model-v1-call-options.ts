import type { InputFile } from './input-file.js';
import type { ModelCallBase } from './model-call-base.js';
import type { ShotContext } from './shot-context.js';

/**
 * What an image model is asked to draw. Core's character stage asks for reference sheets (front,
 * side and full-body views of each character), and the keyframe stage for the frames each shot's
 * clip starts, ends or hands over on.
 */
export interface ImageModelV1CallOptions extends ModelCallBase {
  /**
   * What to draw, in words: for a keyframe, the shot's visual prompt with its location, camera and
   * characters; for a character sheet, the character's description and the view.
   */
  prompt: string;
  /**
   * What the picture must not show. Default: none; core's stages do not set it. A model that takes
   * no negative prompt ignores it and says so in a warning.
   */
  negativePrompt?: string;
  /**
   * Images the result must stay consistent with: character sheets for keyframes, the front sheet
   * for a character's other views. Empty when there are none. Core's stages never pass more than
   * `capabilities.maxReferenceImages`; each carries a `label` saying what it shows.
   */
  referenceImages: InputFile[];
  /**
   * The shape of the picture, as `W:H`, e.g. `16:9`: the film's ratio for keyframes, `1:1` for
   * character sheets when the model lists it. A ratio the model cannot draw is refused with a
   * CinemaError, or drawn in the nearest one with a warning saying so.
   */
  aspectRatio: string;
  /**
   * The size wanted in pixels; core's keyframe stage asks for the film's size (1280x720 by default)
   * so frames need no scaling. Default: the model's own size for `aspectRatio` (character sheets
   * set none). A model that cannot draw it warns and uses its own.
   */
  size?: { width: number; height: number };
  /**
   * A seed for repeatable results, honoured when `capabilities.supportsSeed`. Default: none, a
   * random picture; core's stages do not set it.
   */
  seed?: number;
  /**
   * The request in structured form, for models that draw from it (see `ShotContext`). Default:
   * none.
   */
  context?: ShotContext;
}

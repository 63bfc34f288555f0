import type { InputFile } from './input-file.js';
import type { ModelCallBase } from './model-call-base.js';
import type { ShotContext } from './shot-context.js';
import type { VideoMode } from './video-mode.js';

/** What a video model is asked to make: one clip for one shot. */
export interface VideoModelV1CallOptions extends ModelCallBase {
  /**
   * How to make the clip. Core's video stage always picks one of `capabilities.modes`, and sets the
   * frames the mode needs.
   */
  mode: VideoMode;
  /** What happens in the shot, in words, with its camera, location and visual style. */
  prompt: string;
  /**
   * The clip's length in seconds: from core's video stage, always one of `capabilities.durations`.
   * A length the model cannot make is refused with a CinemaError, or made in the nearest one with a
   * warning saying so.
   */
  durationSeconds: number;
  /**
   * The clip's shape, as `W:H`: the film's ratio, which core checked is among
   * `capabilities.aspectRatios` before the run started.
   */
  aspectRatio: string;
  /**
   * The picture the clip starts on: the shot's first keyframe, labelled `first frame`. Set for
   * `image-to-video` and `first-last-frame`; absent for `text-to-video`.
   */
  firstFrame?: InputFile;
  /**
   * The picture the clip ends on, labelled `last frame`: the shot's transition frame when it
   * dissolves or fades into the next, else its last keyframe. Set for `first-last-frame` only.
   */
  lastFrame?: InputFile;
  /**
   * Character references besides the frames: the front sheets of the characters in the shot, each
   * labelled with the character's id, up to `capabilities.maxReferenceImages`. Empty when the model
   * takes none.
   */
  referenceImages: InputFile[];
  /**
   * A seed for repeatable results. Default: none; core's stages do not set it. A model that takes
   * none ignores it and says so in a warning.
   */
  seed?: number;
  /**
   * The request in structured form, for models that make clips from it (see `ShotContext`).
   * Default: none.
   */
  context?: ShotContext;
}

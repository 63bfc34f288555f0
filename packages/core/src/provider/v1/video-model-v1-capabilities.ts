import type { VideoMode } from './video-mode.js';

/**
 * What a video model can do, which core's stages plan around. A model declares the fields that
 * differ from the defaults (`VideoModelV1.capabilities`); `resolveVideoCapabilities` fills in the
 * rest, so a field added in a later release has a default and breaks no plugin.
 */
export interface VideoModelV1Capabilities {
  /**
   * How the model can make clips. In the default pipeline, the keyframe stage draws a first frame
   * for each shot when `image-to-video` or `first-last-frame` is listed, and a last frame (plus a
   * transition frame for shots that dissolve or fade) when `first-last-frame` is; the video stage
   * then picks, per shot, first-last-frame when both frames exist, else image-to-video, else
   * text-to-video. Default: `['text-to-video']`.
   */
  modes: VideoMode[];
  /**
   * Clip lengths the model can make, in seconds. Core asks for the shortest one that covers the
   * shot, or the longest there is when none does; the edit then trims or holds the clip to the
   * shot's length. Default: `[5]`.
   */
  durations: number[];
  /**
   * Aspect ratios the model can make, as `W:H`. Core's video stage refuses to start a run whose
   * film is in a ratio not listed. Default: `['16:9']`.
   */
  aspectRatios: string[];
  /**
   * Reference images (characters) the model accepts per call besides the frames. Core's video stage
   * passes the front sheets of the characters in the shot, up to this many. Default: 0.
   */
  maxReferenceImages: number;
  /**
   * Whether the clip comes with its own soundtrack. Core does not read it, and the ffmpeg editor
   * keeps only the dialogue and music; it is declared for stages and editors of your own. Default:
   * false.
   */
  generatesAudio: boolean;
}

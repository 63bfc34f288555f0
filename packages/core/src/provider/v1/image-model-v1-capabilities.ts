/**
 * What an image model can do, which core's stages plan around. A model declares the fields that
 * differ from the defaults (`ImageModelV1.capabilities`); `resolveImageCapabilities` fills in the
 * rest, so a field added in a later release has a default and breaks no plugin.
 */
export interface ImageModelV1Capabilities {
  /**
   * Reference images the model accepts per call. With 1 or more, core's character stage passes a
   * character's front sheet when drawing its side and full-body views, and the keyframe stage
   * passes the sheets of the characters in the shot (front views first, then side, then full body)
   * up to this many, so faces stay the same. Default: 0, drawn from the prompt alone.
   */
  maxReferenceImages: number;
  /**
   * Aspect ratios the model can draw, as `W:H`, e.g. `['16:9', '1:1']`. Core's keyframe stage
   * refuses to start a run whose film is in a ratio not listed; the character stage asks for `1:1`
   * sheets when it is listed, else for the film's ratio. Default: `['16:9', '1:1', '9:16']`.
   */
  aspectRatios: string[];
  /**
   * Whether the same seed gives the same picture. Core's stages set no seed; it is declared for
   * stages of your own that do. Default: false.
   */
  supportsSeed: boolean;
  /**
   * Whether every call needs at least one reference image, as image-editing models do. Core's
   * character stage refuses such a model (a character's front sheet has nothing to start from), so
   * use it for keyframes only. Default: false.
   */
  requiresReferenceImage: boolean;
}

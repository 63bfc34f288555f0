import type { ImageModelV1, ImageModelV1Capabilities, VideoModelV1, VideoModelV1Capabilities } from './v1/index.js';

/**
 * What an image model can do when it declares nothing: the defaults documented on
 * `ImageModelV1Capabilities`.
 */
export const defaultImageCapabilities: ImageModelV1Capabilities = {
  maxReferenceImages: 0,
  aspectRatios: ['16:9', '1:1', '9:16'],
  supportsSeed: false,
  requiresReferenceImage: false,
};

/**
 * What a video model can do when it declares nothing: the defaults documented on
 * `VideoModelV1Capabilities`.
 */
export const defaultVideoCapabilities: VideoModelV1Capabilities = {
  modes: ['text-to-video'],
  durations: [5],
  aspectRatios: ['16:9'],
  maxReferenceImages: 0,
  generatesAudio: false,
};

/** An image model's declared capabilities with the documented defaults filled in for the rest. */
export function resolveImageCapabilities(model: ImageModelV1): ImageModelV1Capabilities {
  return { ...defaultImageCapabilities, ...model.capabilities };
}

/** A video model's declared capabilities with the documented defaults filled in for the rest. */
export function resolveVideoCapabilities(model: VideoModelV1): VideoModelV1Capabilities {
  return { ...defaultVideoCapabilities, ...model.capabilities };
}

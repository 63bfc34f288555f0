import type { ImageModelV1, ImageModelV1Capabilities } from './image-model-v1.js';
import type { VideoModelV1, VideoModelV1Capabilities } from './video-model-v1.js';

export const defaultImageCapabilities: ImageModelV1Capabilities = {
  maxReferenceImages: 0,
  aspectRatios: ['16:9', '1:1', '9:16'],
  supportsSeed: false,
  requiresReferenceImage: false,
};

export const defaultVideoCapabilities: VideoModelV1Capabilities = {
  modes: ['text-to-video'],
  durations: [5],
  aspectRatios: ['16:9'],
  maxReferenceImages: 0,
  generatesAudio: false,
};

/** A model's declared capabilities with the documented defaults filled in. */
export function resolveImageCapabilities(model: ImageModelV1): ImageModelV1Capabilities {
  return { ...defaultImageCapabilities, ...model.capabilities };
}

export function resolveVideoCapabilities(model: VideoModelV1): VideoModelV1Capabilities {
  return { ...defaultVideoCapabilities, ...model.capabilities };
}

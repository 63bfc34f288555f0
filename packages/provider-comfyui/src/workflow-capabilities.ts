import type { ImageModelV1Capabilities, VideoMode, VideoModelV1Capabilities } from '@cinema/core';
import type { ComfyWorkflowDefinition } from './workflow-definition.js';

/** Ratios a workflow with bound width and height can draw, since it can draw any size. */
export const sizedAspectRatios: readonly string[] = ['16:9', '9:16', '1:1', '4:3', '3:4'];
/** Core's default, for a workflow that keeps its own size. */
const unsizedAspectRatios: readonly string[] = ['16:9', '1:1', '9:16'];
const lengthBoundDurations: readonly number[] = [2, 3, 4, 5];

function aspectRatiosOf(definition: ComfyWorkflowDefinition): string[] {
  const { bindings } = definition;
  return [...(definition.aspectRatios ?? (bindings.width && bindings.height ? sizedAspectRatios : unsizedAspectRatios))];
}

/** An image workflow's capabilities, from its bindings: references from its reference slots, seeds when one is bound. */
export function imageCapabilitiesOf(definition: ComfyWorkflowDefinition): ImageModelV1Capabilities {
  const slots = definition.bindings.referenceImages?.length ?? 0;
  return {
    maxReferenceImages: slots,
    aspectRatios: aspectRatiosOf(definition),
    supportsSeed: definition.bindings.seed !== undefined,
    // A LoadImage node needs a file, so a workflow with reference slots needs a reference every call.
    requiresReferenceImage: slots > 0,
  };
}

/**
 * The one mode a video workflow's frame bindings allow: a last-frame binding makes it a
 * first+last-frame workflow, a first-frame binding alone an image-to-video one, neither a
 * text-to-video one.
 */
export function videoModeOf(definition: ComfyWorkflowDefinition): VideoMode {
  const { bindings } = definition;
  if (bindings.lastFrame) return 'first-last-frame';
  if (bindings.firstFrame) return 'image-to-video';
  return 'text-to-video';
}

/** A video workflow's capabilities, from its bindings. */
export function videoCapabilitiesOf(definition: ComfyWorkflowDefinition): VideoModelV1Capabilities {
  const { bindings } = definition;
  const lengthBound = bindings.frameCount !== undefined || bindings.durationSeconds !== undefined;
  return {
    modes: [videoModeOf(definition)],
    durations: [...(definition.durations ?? (lengthBound ? lengthBoundDurations : [5]))],
    aspectRatios: aspectRatiosOf(definition),
    maxReferenceImages: bindings.referenceImages?.length ?? 0,
    generatesAudio: definition.generatesAudio ?? false,
  };
}

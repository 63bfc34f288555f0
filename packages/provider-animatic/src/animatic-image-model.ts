import type { ImageModelV1, ImageModelV1CallOptions, ImageModelV1Capabilities, ImageModelV1Result, ModelWarning } from '@cinema/core';
import { frameSize } from './draw/frame-size.js';
import { renderImage } from './draw/render-image.js';

/** Image model ids of the animatic. There is one storyboard artist; any other id gets the same one. */
export type AnimaticImageModelId = 'storyboard' | (string & {});

/**
 * Draws storyboard pictures: character sheets (`context.purpose: 'character'`, front, side or full
 * body) and keyframes (a set from the location and time of day, the characters as figures, the
 * caption at the bottom). Same options, same PNG bytes; each PNG carries its drawing recipe, so the
 * animatic's clips can move the picture and keep the text still.
 */
export class AnimaticImageModel implements ImageModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'animatic';
  readonly modelId: string;
  readonly capabilities: ImageModelV1Capabilities = { maxReferenceImages: 8, aspectRatios: ['16:9', '1:1', '9:16'], supportsSeed: true, requiresReferenceImage: false };

  constructor(modelId: AnimaticImageModelId = 'storyboard') {
    this.modelId = modelId;
  }

  async doGenerate(options: ImageModelV1CallOptions): Promise<ImageModelV1Result> {
    options.abortSignal?.throwIfAborted();
    const warnings: ModelWarning[] = [];
    let size = options.size ?? frameSize(options.aspectRatio);
    if (size && (!Number.isInteger(size.width) || !Number.isInteger(size.height) || size.width < 16 || size.height < 16 || size.width > 4096 || size.height > 4096)) {
      warnings.push({ type: 'unsupported-setting', setting: 'size', message: `Size ${size.width}x${size.height} is outside 16..4096 whole pixels; drew ${options.aspectRatio} at the default size instead.` });
      size = frameSize(options.aspectRatio);
    }
    if (!size) {
      warnings.push({ type: 'unsupported-setting', setting: 'aspectRatio', message: `Aspect ratio "${options.aspectRatio}" is not W:H between 1:4 and 4:1; drew 16:9 (1280x720) instead.` });
      size = { width: 1280, height: 720 };
    }
    const data = renderImage({ width: size.width, height: size.height, prompt: options.prompt, context: options.context, seed: options.seed });
    return { images: [{ mediaType: 'image/png', data }], costUsd: 0, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  estimateCost(): number {
    return 0;
  }
}

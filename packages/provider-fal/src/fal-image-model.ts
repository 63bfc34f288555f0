import {
  UnsupportedFunctionalityError,
  type ImageModelV1,
  type ImageModelV1CallOptions,
  type ImageModelV1Capabilities,
  type ImageModelV1Result,
  type JsonValue,
  type ModelWarning,
  type OperationStatus,
  type StartedOperation,
} from '@cinema/core';
import {
  genericImageEntry,
  lookupFalEndpoint,
  type FalImageCatalogueEntry,
  type FalImageModelId,
} from './fal-catalogue.js';
import { readImages, toGeneratedFile } from './fal-output.js';
import { falPriceTableVersion, priceFor } from './fal-prices.js';
import {
  noPriceWarning,
  parseFalOperation,
  pendingStatus,
  cancelFal,
  pollFal,
  submitToFal,
  failureToError,
  toJsonOperation,
  unknownModelWarning,
  waitForFal,
  type FalModelContext,
  type FalPollResult,
} from './fal-queue.js';
import { chooseAspectRatio, sizeForAspectRatio } from './fal-shared.js';

const imageSizePresets: Record<string, string> = {
  '16:9': 'landscape_16_9',
  '9:16': 'portrait_16_9',
  '4:3': 'landscape_4_3',
  '3:4': 'portrait_4_3',
  '1:1': 'square_hd',
};

const presetSizes: Record<string, { width: number; height: number }> = {
  landscape_16_9: { width: 1024, height: 576 },
  portrait_16_9: { width: 576, height: 1024 },
  landscape_4_3: { width: 1024, height: 768 },
  portrait_4_3: { width: 768, height: 1024 },
  square_hd: { width: 1024, height: 1024 },
};

/** A prepared image request: where it goes and the exact JSON body. */
export interface FalImageRequest {
  endpointId: string;
  input: Record<string, unknown>;
  warnings: ModelWarning[];
}

/**
 * An image model on fal's queue. `doStart`/`doStatus` split the work for the orchestrator;
 * `doGenerate` submits and polls in one call.
 */
export class FalImageModel implements ImageModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: FalImageModelId;
  readonly capabilities: Partial<ImageModelV1Capabilities>;
  private readonly entry: FalImageCatalogueEntry;
  private readonly known: boolean;

  constructor(
    modelId: FalImageModelId,
    private readonly context: FalModelContext,
  ) {
    this.modelId = modelId;
    this.provider = context.providerName;
    const entry = lookupFalEndpoint(modelId, 'image');
    this.known = entry != null;
    this.entry = entry ?? genericImageEntry;
    this.capabilities = {
      maxReferenceImages: this.entry.maxReferenceImages,
      aspectRatios: [...this.entry.aspectRatios],
      supportsSeed: this.entry.supportsSeed,
      requiresReferenceImage: this.entry.requiresReference === true,
    };
  }

  /** Builds the request body with this model's own field names, uploading reference images. */
  async prepare(options: ImageModelV1CallOptions): Promise<FalImageRequest> {
    const warnings: ModelWarning[] = [];
    const entry = this.entry;
    if (!this.known) warnings.push(unknownModelWarning(this.modelId, 'image', 'prompt, aspect_ratio, image_url / image_urls, seed'));
    if (entry.retired) warnings.push({ type: 'other', message: `fal endpoint ${this.modelId} is retired: ${entry.note ?? ''}` });

    let endpointId = this.modelId as string;
    let target = entry;
    let references = options.referenceImages;
    if (references.length === 0 && entry.requiresReference) {
      throw new UnsupportedFunctionalityError({
        message: `${this.modelId} edits reference images and needs at least one; this call has none. Use fal-ai/flux/dev for pictures from text alone.`,
      });
    }
    if (references.length > entry.maxReferenceImages) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'referenceImages',
        message:
          entry.maxReferenceImages === 0
            ? `${this.modelId} takes no reference images; ${references.length} ignored. Use fal-ai/flux-pro/kontext for character consistency.`
            : `${this.modelId} takes at most ${entry.maxReferenceImages} reference images; using the first ${entry.maxReferenceImages} of ${references.length}.`,
      });
      references = references.slice(0, entry.maxReferenceImages);
    }
    if (references.length > 1 && entry.multiReferenceEndpoint && entry.multiReferenceEndpoint !== endpointId) {
      endpointId = entry.multiReferenceEndpoint;
      target = lookupFalEndpoint(endpointId, 'image') ?? entry;
    }

    const input: Record<string, unknown> = { ...target.fixedInput, prompt: options.prompt };

    if (target.sizeField === 'image_size') {
      if (options.size) input.image_size = { width: options.size.width, height: options.size.height };
      else input.image_size = imageSizePresets[options.aspectRatio] ?? sizeForAspectRatio(options.aspectRatio);
    } else {
      if (options.size) {
        warnings.push({
          type: 'unsupported-setting',
          setting: 'size',
          message: `${endpointId} takes an aspect ratio, not a pixel size; ${options.size.width}x${options.size.height} ignored.`,
        });
      }
      input.aspect_ratio = chooseAspectRatio(options.aspectRatio, target.aspectRatios, warnings, endpointId);
    }

    if (options.negativePrompt) {
      if (target.supportsNegativePrompt) input.negative_prompt = options.negativePrompt;
      else warnings.push({ type: 'unsupported-setting', setting: 'negativePrompt', message: `${endpointId} takes no negative prompt; ignored.` });
    }
    if (options.seed != null) {
      if (target.supportsSeed) input.seed = options.seed;
      else warnings.push({ type: 'unsupported-setting', setting: 'seed', message: `${endpointId} takes no seed; ignored.` });
    }

    if (references.length > 0) {
      const urls = await Promise.all(references.map((file) => this.context.upload(file)));
      if (target.referenceListField && (urls.length > 1 || !target.referenceField)) input[target.referenceListField] = urls;
      else if (target.referenceField) {
        input[target.referenceField] = urls[0];
        if (urls.length > 1) {
          warnings.push({
            type: 'unsupported-setting',
            setting: 'referenceImages',
            message: `${endpointId} takes one reference image; using the first of ${urls.length}.`,
          });
        }
      }
    }
    return { endpointId, input, warnings };
  }

  async doStart(options: ImageModelV1CallOptions): Promise<StartedOperation> {
    this.context.client();
    const request = await this.prepare(options);
    const requestId = await submitToFal(this.context, request.endpointId, request.input, options);
    return { operation: toJsonOperation({ endpointId: request.endpointId, requestId }), warnings: request.warnings };
  }

  /** Asks fal to drop the queued request (`cinema cancel`, a passed deadline). */
  async doCancel(options: { operation: JsonValue }): Promise<void> {
    await cancelFal(this.context, parseFalOperation(options.operation));
  }

  async doStatus(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<ImageModelV1Result>> {
    const operation = parseFalOperation(options.operation);
    const poll = await pollFal(this.context, operation, options.abortSignal);
    if (poll.state === 'pending') return pendingStatus(poll);
    return this.finish(operation.endpointId, poll, []);
  }

  async doGenerate(options: ImageModelV1CallOptions): Promise<ImageModelV1Result> {
    const started = await this.doStart(options);
    const operation = parseFalOperation(started.operation);
    const done = await waitForFal(this.context, operation, { abortSignal: options.abortSignal });
    const status = this.finish(operation.endpointId, done, started.warnings ?? []);
    if (status.status === 'completed') return status.result;
    throw failureToError(status as { message: string });
  }

  estimateCost(options: Pick<ImageModelV1CallOptions, 'prompt' | 'aspectRatio' | 'referenceImages'>): number {
    const endpointId =
      options.referenceImages.length > 1 && this.entry.multiReferenceEndpoint ? this.entry.multiReferenceEndpoint : this.modelId;
    const row = this.context.price(endpointId) ?? this.context.price(this.modelId);
    if (!row) return 0;
    const preset = presetSizes[imageSizePresets[options.aspectRatio] ?? ''] ?? sizeForAspectRatio(options.aspectRatio);
    return priceFor(row, { images: 1, megapixels: [(preset.width * preset.height) / 1_000_000] });
  }

  private finish(
    endpointId: string,
    poll: Exclude<FalPollResult, { state: 'pending' }>,
    startWarnings: ModelWarning[],
  ): OperationStatus<ImageModelV1Result> {
    if (poll.state === 'failed') return { status: 'failed', message: poll.message, isRetryable: poll.isRetryable, category: poll.category };
    const images = readImages(poll.data);
    if (!images) {
      return {
        status: 'failed',
        message: `fal result for ${endpointId} has no images (expected {"images":[{"url":…}]}); got ${JSON.stringify(poll.data)?.slice(0, 300)}.`,
        isRetryable: true,
        category: 'server',
      };
    }
    const warnings = [...startWarnings];
    const kept = images.files.filter((_, index) => !images.nsfw[index]);
    if (kept.length === 0) {
      return {
        status: 'failed',
        message: `fal's safety checker flagged the image from ${endpointId} (has_nsfw_concepts) and blanked it. Change the prompt or the reference images.`,
        isRetryable: false,
        category: 'content_policy',
      };
    }
    if (kept.length < images.files.length) {
      warnings.push({ type: 'other', message: `fal's safety checker flagged ${images.files.length - kept.length} image(s) from ${endpointId}; dropped.` });
    }
    const row = this.context.price(endpointId) ?? this.context.price(this.modelId);
    if (!row) warnings.push(noPriceWarning(endpointId, falPriceTableVersion));
    const costUsd = row
      ? priceFor(row, {
          images: images.files.length,
          megapixels: images.files.map((file) =>
            file.width && file.height ? (file.width * file.height) / 1_000_000 : 1,
          ),
        })
      : 0;
    return {
      status: 'completed',
      result: {
        images: kept.map((file) => toGeneratedFile(file, 'image/png')),
        costUsd,
        ...(warnings.length > 0 ? { warnings } : {}),
      },
    };
  }
}

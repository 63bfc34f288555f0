import type {
  GeneratedFile,
  ImageModelV1,
  ImageModelV1CallOptions,
  ImageModelV1Capabilities,
  ImageModelV1Result,
  InputFile,
  ModelWarning,
} from '@cinema/core';
import { InvalidResponseError } from '@cinema/core';
import { toFile } from 'openai';
import type { ImageEditParamsNonStreaming, ImageGenerateParamsNonStreaming, ImagesResponse } from 'openai/resources/images';
import { callSite, requestJson, requestOptions, type OpenAIModelContext } from './openai-client.js';
import type { OpenAIImageCapabilities } from './openai-catalogue.js';
import { redactSecrets, truncate } from './openai-error.js';
import { estimateTokens, estimatedTokensPerReferenceImage, imageCost, imageOutputTokensPerMegapixel } from './openai-prices.js';

/** Per-model settings for `openai.imageModel(id, settings)`. */
export interface OpenAIImageModelSettings {
  /**
   * Rendering quality. Default: `'medium'`, a fixed level so cost estimates mean something
   * (`'auto'` lets OpenAI pick, usually `high`, which costs about four times as much).
   */
  quality?: 'low' | 'medium' | 'high' | 'auto';
  /** Moderation strictness. Default: not sent (OpenAI's `auto`). */
  moderation?: 'auto' | 'low';
  /** For flexible-size models, the pixel count aimed at when a size is derived from the aspect ratio. Default: 1536×864. */
  targetPixels?: number;
}

/** Capabilities for ids the catalogue does not know: the sizes and reference limit every GPT image model shares. */
const unknownModelCapabilities: OpenAIImageCapabilities = {
  maxReferenceImages: 16,
  sizes: ['1024x1024', '1536x1024', '1024x1536'],
  aspectRatios: ['1:1', '3:2', '2:3'],
};

const mediaTypes: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', jpg: 'image/jpeg', webp: 'image/webp' };
const extensions: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** `'16:9'` → 1.777…; undefined when the text is not `W:H` with positive numbers. */
export function parseAspectRatio(aspectRatio: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*[:/x]\s*(\d+(?:\.\d+)?)\s*$/i.exec(aspectRatio);
  if (match == null) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  return width > 0 && height > 0 ? width / height : undefined;
}

const roundTo16 = (value: number) => Math.max(16, Math.round(value / 16) * 16);

/**
 * The `size` to request for an aspect ratio (or an explicit size), and warnings when the model
 * cannot make exactly that.
 */
export function imageSizeFor(
  capabilities: OpenAIImageCapabilities,
  request: { aspectRatio: string; size?: { width: number; height: number }; targetPixels?: number },
  modelId = 'this model',
): { size: string; width: number; height: number; warnings: ModelWarning[] } {
  const warnings: ModelWarning[] = [];
  let ratio = request.size ? request.size.width / request.size.height : parseAspectRatio(request.aspectRatio);
  if (ratio == null || !Number.isFinite(ratio) || ratio <= 0) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'aspectRatio',
      message: `Aspect ratio ${JSON.stringify(request.aspectRatio)} is not W:H; made a square image.`,
    });
    ratio = 1;
  }
  if (capabilities.sizes === 'flexible') {
    const maxSide = capabilities.maxSide ?? 3840;
    const maxPixels = capabilities.maxPixels ?? maxSide * maxSide;
    let width: number;
    let height: number;
    if (request.size) {
      width = request.size.width;
      height = request.size.height;
    } else {
      const target = request.targetPixels ?? 1536 * 864;
      width = Math.sqrt(target * ratio);
      height = Math.sqrt(target / ratio);
    }
    const scale = Math.min(1, maxSide / width, maxSide / height, Math.sqrt(maxPixels / (width * height)));
    width = roundTo16(width * scale);
    height = roundTo16(height * scale);
    while (width > maxSide || width * height > maxPixels) width -= 16;
    while (height > maxSide || width * height > maxPixels) height -= 16;
    if (request.size && (width !== request.size.width || height !== request.size.height)) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'size',
        message: `${modelId} takes sides that are multiples of 16 up to ${maxSide}px and ${maxPixels} pixels; asked for ${request.size.width}x${request.size.height}, made ${width}x${height}.`,
      });
    }
    return { size: `${width}x${height}`, width, height, warnings };
  }
  const options = capabilities.sizes.map((size) => {
    const [width, height] = size.split('x').map(Number) as [number, number];
    return { size, width, height, distance: Math.abs(Math.log(width / height / ratio)) };
  });
  const best = options.reduce((a, b) => (b.distance < a.distance ? b : a));
  if (best.distance > 0.01) {
    const asked = request.size ? `${request.size.width}x${request.size.height}` : `aspect ratio ${request.aspectRatio}`;
    warnings.push({
      type: 'unsupported-setting',
      setting: request.size ? 'size' : 'aspectRatio',
      message: `${modelId} only makes ${capabilities.sizes.join(', ')}; asked for ${asked}, made ${best.size}. Crop the image to fit.`,
    });
  } else if (request.size && (request.size.width !== best.width || request.size.height !== best.height)) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'size',
      message: `${modelId} only makes ${capabilities.sizes.join(', ')}; asked for ${request.size.width}x${request.size.height}, made ${best.size}.`,
    });
  }
  return { size: best.size, width: best.width, height: best.height, warnings };
}

function fileName(file: InputFile, index: number): string {
  const base = file.path.split(/[\\/]/).pop();
  if (base) return base;
  return `reference-${index + 1}.${extensions[file.mediaType] ?? 'png'}`;
}

/**
 * A GPT image model. Without reference images it calls `POST /images/generations`; with them it
 * calls `POST /images/edits`, sending every reference as an `image[]` file, so character sheets
 * and keyframes keep faces consistent.
 */
export class OpenAIImageModel implements ImageModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: ImageModelV1Capabilities;
  /** What Cinema found when it looked the id up (unknown or deprecated model); also added to every result. */
  readonly warnings: readonly ModelWarning[];
  readonly #context: OpenAIModelContext;
  readonly #imageCapabilities: OpenAIImageCapabilities;
  readonly #settings: OpenAIImageModelSettings;

  constructor(options: {
    modelId: string;
    context: OpenAIModelContext;
    capabilities: OpenAIImageCapabilities | undefined;
    warnings: ModelWarning[];
    settings?: OpenAIImageModelSettings;
  }) {
    this.modelId = options.modelId;
    this.provider = options.context.provider;
    this.#context = options.context;
    this.#imageCapabilities = options.capabilities ?? unknownModelCapabilities;
    this.capabilities = {
      maxReferenceImages: this.#imageCapabilities.maxReferenceImages,
      aspectRatios: [...this.#imageCapabilities.aspectRatios],
      supportsSeed: false,
      requiresReferenceImage: false,
    };
    this.warnings = options.warnings;
    this.#settings = options.settings ?? {};
  }

  get #quality(): 'low' | 'medium' | 'high' | 'auto' {
    return this.#settings.quality ?? 'medium';
  }

  async doGenerate(options: ImageModelV1CallOptions): Promise<ImageModelV1Result> {
    const warnings: ModelWarning[] = [...this.warnings];
    const { size, warnings: sizeWarnings } = imageSizeFor(
      this.#imageCapabilities,
      { aspectRatio: options.aspectRatio, size: options.size, targetPixels: this.#settings.targetPixels },
      this.modelId,
    );
    warnings.push(...sizeWarnings);

    let prompt = options.prompt;
    if (options.negativePrompt) {
      prompt = `${prompt}\n\nAvoid: ${options.negativePrompt}`;
      warnings.push({
        type: 'unsupported-setting',
        setting: 'negativePrompt',
        message: 'OpenAI image models take no negative prompt; it was appended to the prompt as "Avoid: …".',
      });
    }
    if (options.seed != null) {
      warnings.push({ type: 'unsupported-setting', setting: 'seed', message: 'OpenAI image models take no seed; results will vary.' });
    }

    const maxReferences = this.#imageCapabilities.maxReferenceImages;
    let references = options.referenceImages ?? [];
    if (references.length > maxReferences) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'referenceImages',
        message: `${this.modelId} takes at most ${maxReferences} reference images; sent the first ${maxReferences} of ${references.length}.`,
      });
      references = references.slice(0, maxReferences);
    }

    const client = this.#context.client();
    const common = {
      model: this.modelId,
      prompt,
      n: 1,
      size: size as ImageGenerateParamsNonStreaming['size'],
      quality: this.#quality,
      output_format: 'png' as const,
    };
    let response: ImagesResponse;
    if (references.length === 0) {
      const site = callSite(this.#context, 'images.generate', this.modelId, '/images/generations');
      const body: ImageGenerateParamsNonStreaming = { ...common, ...(this.#settings.moderation ? { moderation: this.#settings.moderation } : {}) };
      response = await requestJson<ImagesResponse>(() => client.images.generate(body, requestOptions(options)), site);
      return this.#toResult(response, warnings, site.secrets, options);
    }
    const site = callSite(this.#context, 'images.edit', this.modelId, '/images/edits');
    const files = await Promise.all(
      references.map((reference, index) => toFile(reference.data, fileName(reference, index), { type: reference.mediaType })),
    );
    const body: ImageEditParamsNonStreaming = {
      ...common,
      size: size as ImageEditParamsNonStreaming['size'],
      image: files.length === 1 ? files[0]! : files,
    };
    response = await requestJson<ImagesResponse>(() => client.images.edit(body, requestOptions(options)), site);
    return this.#toResult(response, warnings, site.secrets, options);
  }

  #toResult(
    response: ImagesResponse,
    warnings: ModelWarning[],
    secrets: readonly (string | undefined)[],
    options: ImageModelV1CallOptions,
  ): ImageModelV1Result {
    const mediaType = mediaTypes[response?.output_format ?? 'png'] ?? 'image/png';
    const images: GeneratedFile[] = [];
    for (const item of response?.data ?? []) {
      if (item.b64_json) images.push({ mediaType, data: new Uint8Array(Buffer.from(item.b64_json, 'base64')) });
      else if (item.url) images.push({ mediaType, url: item.url });
    }
    if (images.length === 0) {
      throw new InvalidResponseError({
        message: `OpenAI model "${this.modelId}" returned no image (no b64_json or url in data). The body began: ${JSON.stringify(
          truncate(redactSecrets(JSON.stringify(response), secrets)),
        )}.`,
      });
    }
    let costUsd: number;
    const usage = response.usage;
    if (usage != null) {
      const imageInputTokens = usage.input_tokens_details?.image_tokens ?? 0;
      const textInputTokens = usage.input_tokens_details?.text_tokens ?? Math.max(0, usage.input_tokens - imageInputTokens);
      const cost = imageCost(this.modelId, { textInputTokens, imageInputTokens, outputTokens: usage.output_tokens });
      if (cost == null && this.warnings.length === 0) {
        warnings.push({ type: 'other', message: `No price known for OpenAI model "${this.modelId}"; cost reported as 0.` });
      }
      costUsd = cost ?? 0;
    } else {
      costUsd = this.estimateCost(options);
      warnings.push({ type: 'other', message: `The response reported no token usage; cost $${costUsd.toFixed(4)} is an estimate.` });
    }
    return { images, costUsd, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  /**
   * Dollars a call would cost: prompt tokens, about 1,500 image tokens per reference image, and
   * the output tokens OpenAI lists for the quality, scaled by the picture's size (`auto` counts as
   * `high`). 0 for models without a price row.
   */
  estimateCost(options: Pick<ImageModelV1CallOptions, 'prompt' | 'aspectRatio' | 'referenceImages'>): number {
    const { width, height } = imageSizeFor(this.#imageCapabilities, {
      aspectRatio: options.aspectRatio,
      targetPixels: this.#settings.targetPixels,
    });
    const quality = this.#quality === 'auto' ? 'high' : this.#quality;
    const outputTokens = Math.ceil(imageOutputTokensPerMegapixel[quality] * ((width * height) / (1024 * 1024)));
    const references = Math.min(options.referenceImages?.length ?? 0, this.#imageCapabilities.maxReferenceImages);
    return (
      imageCost(this.modelId, {
        textInputTokens: estimateTokens(options.prompt),
        imageInputTokens: references * estimatedTokensPerReferenceImage,
        outputTokens,
      }) ?? 0
    );
  }
}

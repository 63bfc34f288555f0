import {
  CinemaError,
  UnsupportedFunctionalityError,
  type JsonValue,
  type ModelWarning,
  type OperationStatus,
  type StartedOperation,
  type VideoMode,
  type VideoModelV1,
  type VideoModelV1CallOptions,
  type VideoModelV1Capabilities,
  type VideoModelV1Result,
} from '@cinema/core';
import { genericVideoEntry, lookupFalEndpoint, type FalVideoCatalogueEntry, type FalVideoModelId } from './fal-catalogue.js';
import { readVideo, toGeneratedFile } from './fal-output.js';
import { falPriceTableVersion, priceFor } from './fal-prices.js';
import {
  cancelFal,
  failureToError,
  noPriceWarning,
  parseFalOperation,
  pendingStatus,
  pollFal,
  submitToFal,
  toJsonOperation,
  unknownModelWarning,
  waitForFal,
  type FalModelContext,
  type FalOperation,
  type FalPollResult,
} from './fal-queue.js';
import { chooseAspectRatio, chooseDuration } from './fal-shared.js';

/** Per-model choices that the call options do not carry. */
export interface FalVideoModelSettings {
  /**
   * Ask the model for its own soundtrack, on models that can make one (Veo 3.1, Kling 2.6 / 3).
   * Default: true, fal's default for those models. Veo 3.1 costs twice as much with audio.
   */
  generateAudio?: boolean;
  /** `resolution` field, on models that take one (e.g. `720p`, `1080p`, `4k`). Default: the catalogue's choice. */
  resolution?: string;
  /** Extra input fields sent as they are (after Cinema's own), e.g. `{ cfg_scale: 0.6 }`. Default: none. */
  input?: Record<string, unknown>;
}

/** A prepared video request: where it goes and the exact JSON body. */
export interface FalVideoRequest {
  endpointId: string;
  input: Record<string, unknown>;
  durationSeconds: number;
  warnings: ModelWarning[];
}

/** A video model on fal's queue, with each model's own start/end frame field names. */
export class FalVideoModel implements VideoModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: FalVideoModelId;
  readonly capabilities: Partial<VideoModelV1Capabilities>;
  private readonly entry: FalVideoCatalogueEntry;
  private readonly known: boolean;

  constructor(
    modelId: FalVideoModelId,
    private readonly context: FalModelContext,
    private readonly settings: FalVideoModelSettings = {},
  ) {
    this.modelId = modelId;
    this.provider = context.providerName;
    const entry = lookupFalEndpoint(modelId, 'video');
    this.known = entry != null;
    this.entry = entry ?? genericVideoEntry;
    const modes = new Set<VideoMode>(this.entry.modes);
    for (const mode of Object.keys(this.entry.modeEndpoints ?? {}) as VideoMode[]) modes.add(mode);
    this.capabilities = {
      modes: [...modes],
      durations: [...this.entry.durations],
      aspectRatios: [...this.entry.aspectRatios],
      maxReferenceImages: 0,
      generatesAudio: this.entry.generatesAudio && this.settings.generateAudio !== false,
    };
  }

  /** The endpoint and catalogue entry that serve a mode. */
  private route(mode: VideoMode, hasLastFrame: boolean, warnings: ModelWarning[]): { endpointId: string; entry: FalVideoCatalogueEntry } {
    const entry = this.entry;
    if (entry.modes.includes(mode)) return { endpointId: this.modelId, entry };
    const other = entry.modeEndpoints?.[mode];
    if (other) return { endpointId: other, entry: lookupFalEndpoint(other, 'video') ?? entry };
    if (mode === 'first-last-frame' && entry.modes.includes('image-to-video')) {
      if (hasLastFrame) {
        warnings.push({
          type: 'unsupported-setting',
          setting: 'lastFrame',
          message: `${this.modelId} takes no end frame; the clip starts on the first frame and the last frame is ignored.`,
        });
      }
      return { endpointId: this.modelId, entry };
    }
    throw new UnsupportedFunctionalityError({
      message: `${this.modelId} does not make ${mode} clips (it makes ${this.capabilities.modes?.join(', ')}). Choose another video model for this shot.`,
    });
  }

  /** Builds the request body with this model's own field names, uploading the frames. */
  async prepare(options: VideoModelV1CallOptions): Promise<FalVideoRequest> {
    const warnings: ModelWarning[] = [];
    if (!this.known) warnings.push(unknownModelWarning(this.modelId, 'video', 'prompt, image_url, end_image_url, duration, aspect_ratio'));
    if (this.entry.retired) warnings.push({ type: 'other', message: `fal endpoint ${this.modelId} is retired: ${this.entry.note ?? ''}` });

    const { endpointId, entry } = this.route(options.mode, options.lastFrame != null, warnings);
    const input: Record<string, unknown> = { ...entry.fixedInput, prompt: options.prompt };

    const durationSeconds = chooseDuration(options.durationSeconds, entry.durations, warnings, endpointId);
    if (entry.durationFormat === 'seconds-string') input.duration = String(durationSeconds);
    else if (entry.durationFormat === 'seconds-suffix') input.duration = `${durationSeconds}s`;

    if (entry.aspectRatioField) {
      input[entry.aspectRatioField] = chooseAspectRatio(options.aspectRatio, entry.aspectRatios, warnings, endpointId);
    }

    if (options.mode !== 'text-to-video') {
      if (!options.firstFrame) {
        throw new CinemaError({
          message: `${endpointId}: a ${options.mode} clip needs a first frame and none was given. Generate the shot's keyframe first.`,
          category: 'input',
        });
      }
      if (!entry.startFrameField) {
        throw new UnsupportedFunctionalityError({ message: `${endpointId} takes no start frame; use a text-to-video mode or another model.` });
      }
      if (options.mode === 'first-last-frame' && !options.lastFrame && !entry.modes.includes('image-to-video')) {
        throw new CinemaError({
          message: `${endpointId} makes clips between a first and a last frame; the last frame is missing.`,
          category: 'input',
        });
      }
      const wantsEnd = options.mode === 'first-last-frame' && options.lastFrame != null && entry.endFrameField != null;
      const [startUrl, endUrl] = await Promise.all([
        this.context.upload(options.firstFrame),
        wantsEnd ? this.context.upload(options.lastFrame!) : Promise.resolve(undefined),
      ]);
      input[entry.startFrameField] = startUrl;
      if (endUrl && entry.endFrameField) input[entry.endFrameField] = endUrl;
    }
    if (options.referenceImages.length > 0) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'referenceImages',
        message: `${endpointId} takes no reference images besides its frames; ${options.referenceImages.length} ignored.`,
      });
    }
    if (options.seed != null) {
      if (entry.supportsSeed) input.seed = options.seed;
      else warnings.push({ type: 'unsupported-setting', setting: 'seed', message: `${endpointId} takes no seed; ignored.` });
    }
    if (entry.audioField) input[entry.audioField] = this.settings.generateAudio ?? true;
    if (this.settings.resolution) input.resolution = this.settings.resolution;
    Object.assign(input, this.settings.input);
    return { endpointId, input, durationSeconds, warnings };
  }

  async doStart(options: VideoModelV1CallOptions): Promise<StartedOperation> {
    this.context.client();
    const request = await this.prepare(options);
    const costUsd = this.costOf(request.endpointId, request.durationSeconds, request.input);
    if (costUsd == null) request.warnings.push(noPriceWarning(request.endpointId, falPriceTableVersion));
    const requestId = await submitToFal(this.context, request.endpointId, request.input, options);
    return {
      operation: toJsonOperation({ endpointId: request.endpointId, requestId, costUsd: costUsd ?? 0 }),
      warnings: request.warnings,
    };
  }

  async doStatus(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<VideoModelV1Result>> {
    const operation = parseFalOperation(options.operation);
    const poll = await pollFal(this.context, operation, options.abortSignal);
    if (poll.state === 'pending') return pendingStatus(poll);
    return this.finish(operation, poll);
  }

  private finish(operation: FalOperation, poll: Exclude<FalPollResult, { state: 'pending' }>): OperationStatus<VideoModelV1Result> {
    if (poll.state === 'failed') return { status: 'failed', message: poll.message, isRetryable: poll.isRetryable, category: poll.category };
    const video = readVideo(poll.data);
    if (!video) {
      return {
        status: 'failed',
        message: `fal result for ${operation.endpointId} has no video (expected {"video":{"url":…}}); got ${JSON.stringify(poll.data)?.slice(0, 300)}.`,
        isRetryable: true,
        category: 'server',
      };
    }
    return { status: 'completed', result: { video: toGeneratedFile(video, 'video/mp4'), costUsd: operation.costUsd ?? 0 } };
  }

  async doCancel(options: { operation: JsonValue }): Promise<void> {
    await cancelFal(this.context, parseFalOperation(options.operation));
  }

  /** Submits and polls in one call, for scripts that do not use the orchestrator. */
  async doGenerate(options: VideoModelV1CallOptions & { pollIntervalMs?: number }): Promise<VideoModelV1Result> {
    const started = await this.doStart(options);
    const operation = parseFalOperation(started.operation);
    const status = this.finish(operation, await waitForFal(this.context, operation, options));
    if (status.status !== 'completed') throw failureToError(status as { message: string });
    const warnings = [...(started.warnings ?? []), ...(status.result.warnings ?? [])];
    return { ...status.result, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  estimateCost(options: Pick<VideoModelV1CallOptions, 'mode' | 'durationSeconds' | 'aspectRatio'>): number {
    const warnings: ModelWarning[] = [];
    let endpointId = this.modelId as string;
    let entry = this.entry;
    try {
      ({ endpointId, entry } = this.route(options.mode, false, warnings));
    } catch {
      // An unsupported mode costs nothing: the call will not be made.
      return 0;
    }
    const duration = chooseDuration(options.durationSeconds, entry.durations, warnings, endpointId);
    const input: Record<string, unknown> = { ...entry.fixedInput };
    if (entry.audioField) input[entry.audioField] = this.settings.generateAudio ?? true;
    if (this.settings.resolution) input.resolution = this.settings.resolution;
    return this.costOf(endpointId, duration, input) ?? 0;
  }

  private costOf(endpointId: string, seconds: number, input: Record<string, unknown>): number | undefined {
    const row = this.context.price(endpointId) ?? this.context.price(this.modelId);
    if (!row) return undefined;
    return priceFor(row, {
      seconds,
      withAudio: input.generate_audio === true,
      resolution: typeof input.resolution === 'string' ? input.resolution : undefined,
    });
  }
}

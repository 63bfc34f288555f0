import { UnsupportedFunctionalityError } from '@cinema/core';
import type {
  FindOptions,
  InputFile,
  JsonValue,
  ModelWarning,
  OperationStatus,
  StartedOperation,
  VideoModelV1,
  VideoModelV1CallOptions,
  VideoModelV1Capabilities,
  VideoModelV1Result,
} from '@cinema/core';
import type { ReplicateVideoCatalogueEntry } from './replicate-catalogue.js';
import type { ModelRunner } from './replicate-model-runner.js';
import { withWarnings } from './replicate-model-runner.js';
import { predictionStatus, toGeneratedFile } from './replicate-prediction.js';

type PlannedUpload = { field: string; files: InputFile[]; asArray: boolean };

/**
 * A Replicate video model (Kling, Seedance, Veo, MiniMax, or any other by id). Long work: the
 * orchestrator calls `doStart`, then `doStatus` until the clip is done, and `doCancel` when the
 * run no longer wants it.
 */
export class ReplicateVideoModel implements VideoModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'replicate';
  readonly modelId: string;
  readonly capabilities: Partial<VideoModelV1Capabilities> | undefined;

  constructor(
    private readonly runner: ModelRunner,
    private readonly pollAfterMs: number,
  ) {
    this.modelId = runner.options.modelId;
    const entry = this.entry;
    this.capabilities = entry
      ? {
          modes: entry.modes,
          durations: entry.durations,
          aspectRatios: entry.aspectRatios,
          maxReferenceImages: entry.maxReferenceImages,
          generatesAudio: entry.generatesAudio,
        }
      : undefined;
  }

  private get entry(): ReplicateVideoCatalogueEntry | undefined {
    const entry = this.runner.options.entry;
    return entry?.kind === 'video' ? entry : undefined;
  }

  async doStart(options: VideoModelV1CallOptions): Promise<StartedOperation> {
    const warnings = this.runner.modelWarnings('video');
    const { mapped, uploads } = this.mapInput(options, warnings);
    const files = uploads.flatMap((upload) => upload.files);
    const urls = await this.runner.upload(files, options);
    let next = 0;
    for (const upload of uploads) {
      const uploaded = urls.slice(next, next + upload.files.length);
      next += upload.files.length;
      mapped[upload.field] = upload.asArray ? uploaded : uploaded[0]!;
    }
    return this.runner.start(this.runner.finalInput(mapped), options, warnings);
  }

  /** Finds a prediction already created for these options (see `ModelRunner.find`). */
  async doFind(options: VideoModelV1CallOptions & FindOptions): Promise<StartedOperation | undefined> {
    const { mapped, uploads } = this.mapInput(options, []);
    for (const upload of uploads) mapped[upload.field] = upload.asArray ? [] : '';
    return this.runner.find(this.runner.finalInput(mapped), uploads.map((upload) => upload.field), options.submittedAfter, options.abortSignal);
  }

  async doStatus(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<VideoModelV1Result>> {
    return this.runner.status(options.operation, options.abortSignal, (prediction) =>
      withWarnings(
        predictionStatus<VideoModelV1Result>(prediction, this.pollAfterMs, (urls) => {
          return {
            status: 'completed',
            result: { video: toGeneratedFile(urls[0]!, 'video/mp4'), ...this.runner.cost(prediction.input ?? {}, 1, prediction.metrics?.predict_time) },
          };
        }),
        this.runner.modelWarnings('video'),
      ),
    );
  }

  async doCancel(options: { operation: JsonValue }): Promise<void> {
    await this.runner.cancel(options.operation);
  }

  estimateCost(options: Pick<VideoModelV1CallOptions, 'mode' | 'durationSeconds' | 'aspectRatio'>): number {
    const { mapped } = this.mapInput({ ...options, prompt: '', referenceImages: [], idempotencyKey: '' }, [], { estimate: true });
    return this.runner.cost(this.runner.finalInput(mapped), 1).costUsd;
  }

  private mapInput(
    options: VideoModelV1CallOptions,
    warnings: ModelWarning[],
    { estimate = false }: { estimate?: boolean } = {},
  ): { mapped: Record<string, JsonValue>; uploads: PlannedUpload[] } {
    const entry = this.entry;
    const mapped: Record<string, JsonValue> = { prompt: options.prompt };
    const uploads: PlannedUpload[] = [];
    const wantsLastFrame = options.mode === 'first-last-frame';

    if (!entry) {
      mapped.duration = options.durationSeconds;
      mapped.aspect_ratio = options.aspectRatio;
      if (options.seed != null) mapped.seed = options.seed;
      if (options.firstFrame) uploads.push({ field: 'image', files: [options.firstFrame], asArray: false });
      if (options.lastFrame) {
        warnings.push({
          type: 'unsupported-setting',
          setting: 'lastFrame',
          message: `The last-frame field of ${this.modelId} is unknown, so the last frame was not sent. Catalogue the model (provider setting \`models\`) to send it.`,
        });
      }
      return { mapped, uploads };
    }

    const needsFirstFrame = !entry.modes.includes('text-to-video');
    if (needsFirstFrame && !options.firstFrame && !estimate) {
      throw new UnsupportedFunctionalityError({
        message: `${this.modelId} makes video only from a first frame (modes: ${entry.modes.join(', ')}), and the ${options.mode} call had none. Generate keyframes first or pick a text-to-video model.`,
      });
    }

    if (entry.durationField) {
      mapped[entry.durationField] = pickDuration(entry.durations, options.durationSeconds, this.modelId, warnings);
    } else if (entry.durations[0] != null && entry.durations[0] !== options.durationSeconds && !estimate) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'durationSeconds',
        message: `${this.modelId} makes ${entry.durations[0]} s clips only; ${options.durationSeconds} s was asked.`,
      });
    }

    if (!entry.aspectRatios.includes(options.aspectRatio)) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'aspectRatio',
        message: `${this.modelId} does not offer aspect ratio ${options.aspectRatio} (it offers ${entry.aspectRatios.join(', ')}); the model's default was used.`,
      });
    } else if (entry.aspectRatioField) {
      mapped[entry.aspectRatioField] = options.aspectRatio;
    }

    if (options.seed != null) {
      if (entry.seedField) mapped[entry.seedField] = options.seed;
      else warnings.push({ type: 'unsupported-setting', setting: 'seed', message: `${this.modelId} takes no seed; it was ignored.` });
    }

    if (options.firstFrame) {
      if (entry.firstFrameField) uploads.push({ field: entry.firstFrameField, files: [options.firstFrame], asArray: false });
      else warnings.push({ type: 'unsupported-setting', setting: 'firstFrame', message: `${this.modelId} takes no first frame; it was ignored.` });
    }

    if (wantsLastFrame || options.lastFrame) {
      if (entry.lastFrameField) {
        if (options.lastFrame) uploads.push({ field: entry.lastFrameField, files: [options.lastFrame], asArray: false });
        // The price of a first-last-frame clip depends on these (Kling bills "pro"), so estimates apply them too.
        Object.assign(mapped, entry.lastFrameRequires);
      } else if (options.lastFrame) {
        warnings.push({
          type: 'unsupported-setting',
          setting: 'lastFrame',
          message: `${this.modelId} cannot end on a given frame; the last frame was ignored and the clip made from the first frame only.`,
        });
      }
    }

    const references = options.referenceImages ?? [];
    if (references.length > 0) {
      if (!entry.referenceImagesField || entry.maxReferenceImages === 0) {
        warnings.push({
          type: 'unsupported-setting',
          setting: 'referenceImages',
          message: `${this.modelId} takes no reference images; ${references.length} were ignored.`,
        });
      } else {
        if (references.length > entry.maxReferenceImages) {
          warnings.push({
            type: 'unsupported-setting',
            setting: 'referenceImages',
            message: `${this.modelId} takes ${entry.maxReferenceImages} reference image(s); only the first were sent.`,
          });
        }
        uploads.push({
          field: entry.referenceImagesField,
          files: references.slice(0, entry.maxReferenceImages),
          asArray: entry.referenceImagesFieldIsArray ?? false,
        });
      }
    }
    return { mapped, uploads };
  }
}

/** The shortest offered duration not shorter than asked, else the longest, with a warning when it differs. */
function pickDuration(durations: number[], wanted: number, modelId: string, warnings: ModelWarning[]): number {
  const sorted = [...durations].sort((a, b) => a - b);
  const chosen = sorted.find((duration) => duration >= wanted) ?? sorted.at(-1) ?? wanted;
  if (chosen !== wanted) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'durationSeconds',
      message: `${modelId} makes clips of ${sorted.join(', ')} s; ${chosen} s was asked for instead of ${wanted} s.`,
    });
  }
  return chosen;
}

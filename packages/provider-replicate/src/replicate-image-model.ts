import type {
  FindOptions,
  ImageModelV1,
  ImageModelV1CallOptions,
  ImageModelV1Capabilities,
  ImageModelV1Result,
  JsonValue,
  ModelWarning,
  OperationStatus,
  StartedOperation,
} from '@cinema/core';
import type { ReplicateImageCatalogueEntry } from './replicate-catalogue.js';
import type { ModelRunner } from './replicate-model-runner.js';
import { withWarnings } from './replicate-model-runner.js';
import { predictionStatus, toGeneratedFile, warningsOrUndefined } from './replicate-prediction.js';

/**
 * A Replicate image model (FLUX schnell, FLUX Kontext, or any other by id). `doGenerate` starts a
 * prediction and polls it; the orchestrator may use `doStart` + `doStatus` instead.
 */
export class ReplicateImageModel implements ImageModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'replicate';
  readonly modelId: string;
  readonly capabilities: Partial<ImageModelV1Capabilities> | undefined;

  constructor(
    private readonly runner: ModelRunner,
    private readonly pollAfterMs: number,
  ) {
    this.modelId = runner.options.modelId;
    const entry = this.entry;
    this.capabilities = entry
      ? { aspectRatios: entry.aspectRatios, maxReferenceImages: entry.maxReferenceImages, supportsSeed: entry.supportsSeed }
      : undefined;
  }

  private get entry(): ReplicateImageCatalogueEntry | undefined {
    const entry = this.runner.options.entry;
    return entry?.kind === 'image' ? entry : undefined;
  }

  async doGenerate(options: ImageModelV1CallOptions): Promise<ImageModelV1Result> {
    const started = await this.doStart(options);
    const result = await this.runner.wait(started, options.abortSignal, (statusOptions) => this.doStatus(statusOptions));
    const warnings = [...(started.warnings ?? []), ...(result.warnings ?? [])];
    return { ...result, warnings: warningsOrUndefined(dedupe(warnings)) };
  }

  async doStart(options: ImageModelV1CallOptions): Promise<StartedOperation> {
    const warnings = this.runner.modelWarnings('image');
    const { mapped, uploads } = this.mapInput(options, warnings);
    const urls = await this.runner.upload(uploads.files, options);
    if (uploads.field && urls.length > 0) mapped[uploads.field] = uploads.asArray ? urls : urls[0]!;
    return this.runner.start(this.runner.finalInput(mapped), options, warnings);
  }

  /** Finds a prediction already created for these options (see `ModelRunner.find`). */
  async doFind(options: ImageModelV1CallOptions & FindOptions): Promise<StartedOperation | undefined> {
    const { mapped, uploads } = this.mapInput(options, []);
    const uploadFields = uploads.field && uploads.files.length > 0 ? [uploads.field] : [];
    return this.runner.find(this.runner.finalInput(mapped), uploadFields, options.submittedAfter, options.abortSignal);
  }

  async doCancel(options: { operation: JsonValue }): Promise<void> {
    await this.runner.cancel(options.operation);
  }

  async doStatus(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<ImageModelV1Result>> {
    return this.runner.status(options.operation, options.abortSignal, (prediction) =>
      withWarnings(
        predictionStatus<ImageModelV1Result>(prediction, this.pollAfterMs, (urls) => {
          return {
            status: 'completed',
            result: { images: urls.map((url) => toGeneratedFile(url, 'image/png')), ...this.runner.cost(prediction.input ?? {}, urls.length, prediction.metrics?.predict_time) },
          };
        }),
        this.runner.modelWarnings('image'),
      ),
    );
  }

  estimateCost(options: Pick<ImageModelV1CallOptions, 'prompt' | 'aspectRatio' | 'referenceImages'>): number {
    const { mapped } = this.mapInput({ ...options, idempotencyKey: '' }, []);
    const input = this.runner.finalInput(mapped);
    const count = Number(input.num_outputs ?? 1);
    return this.runner.cost(input, Number.isFinite(count) && count > 0 ? count : 1).costUsd;
  }

  private mapInput(options: ImageModelV1CallOptions, warnings: ModelWarning[]) {
    const entry = this.entry;
    const mapped: Record<string, JsonValue> = { prompt: options.prompt };
    const references = options.referenceImages ?? [];
    const uploads = { files: references, field: undefined as string | undefined, asArray: false };

    if (entry == null || entry.aspectRatios.includes(options.aspectRatio)) {
      mapped.aspect_ratio = options.aspectRatio;
    } else {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'aspectRatio',
        message: `${this.modelId} does not offer aspect ratio ${options.aspectRatio} (it offers ${entry.aspectRatios.join(', ')}); the model's default was used.`,
      });
    }
    if (options.seed != null) {
      if (entry == null || entry.supportsSeed) mapped.seed = options.seed;
      else warnings.push({ type: 'unsupported-setting', setting: 'seed', message: `${this.modelId} takes no seed; it was ignored.` });
    }
    if (options.negativePrompt) {
      if (entry == null) mapped.negative_prompt = options.negativePrompt;
      else warnings.push({ type: 'unsupported-setting', setting: 'negativePrompt', message: `${this.modelId} takes no negative prompt; it was ignored.` });
    }
    if (options.size) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'size',
        message: `${this.modelId} on Replicate is sized by aspect ratio; the requested ${options.size.width}×${options.size.height} was ignored.`,
      });
    }

    const maxReferences = entry ? entry.maxReferenceImages : 1;
    const field = entry ? entry.referenceImageField : 'image';
    if (references.length > 0) {
      if (maxReferences === 0 || field == null) {
        uploads.files = [];
        warnings.push({
          type: 'unsupported-setting',
          setting: 'referenceImages',
          message: `${this.modelId} takes no reference images; ${references.length} were ignored.`,
        });
      } else {
        if (references.length > maxReferences) {
          warnings.push({
            type: 'unsupported-setting',
            setting: 'referenceImages',
            message: `${this.modelId} takes ${maxReferences} reference image(s); only the first ${maxReferences} of ${references.length} were sent.`,
          });
        }
        uploads.files = references.slice(0, maxReferences);
        uploads.field = field;
        uploads.asArray = entry?.referenceImageFieldIsArray ?? false;
      }
    }
    return { mapped, uploads };
  }
}

export function dedupe(warnings: ModelWarning[]): ModelWarning[] {
  const seen = new Set<string>();
  return warnings.filter((warning) => {
    const key = `${warning.type}|${warning.setting ?? ''}|${warning.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

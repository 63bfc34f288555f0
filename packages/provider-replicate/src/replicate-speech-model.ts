import type {
  FindOptions,
  JsonValue,
  ModelWarning,
  OperationStatus,
  SpeechModelV1,
  SpeechModelV1CallOptions,
  SpeechModelV1Result,
  StartedOperation,
} from '@cinema/core';
import type { ReplicateSpeechCatalogueEntry } from './replicate-catalogue.js';
import { dedupe } from './replicate-image-model.js';
import type { ModelRunner } from './replicate-model-runner.js';
import { withWarnings } from './replicate-model-runner.js';
import { predictionStatus, toGeneratedFile, warningsOrUndefined } from './replicate-prediction.js';

/**
 * A Replicate text-to-speech model (MiniMax Speech-02-HD, or any other by id). `doGenerate`
 * starts a prediction and polls it; `doStart` + `doStatus` are there for the orchestrator.
 */
export class ReplicateSpeechModel implements SpeechModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'replicate';
  readonly modelId: string;

  constructor(
    private readonly runner: ModelRunner,
    private readonly pollAfterMs: number,
  ) {
    this.modelId = runner.options.modelId;
  }

  private get entry(): ReplicateSpeechCatalogueEntry | undefined {
    const entry = this.runner.options.entry;
    return entry?.kind === 'speech' ? entry : undefined;
  }

  async doGenerate(options: SpeechModelV1CallOptions): Promise<SpeechModelV1Result> {
    const started = await this.doStart(options);
    const result = await this.runner.wait(started, options.abortSignal, (statusOptions) => this.doStatus(statusOptions));
    return { ...result, warnings: warningsOrUndefined(dedupe([...(started.warnings ?? []), ...(result.warnings ?? [])])) };
  }

  async doStart(options: SpeechModelV1CallOptions): Promise<StartedOperation> {
    const warnings = this.runner.modelWarnings('speech');
    return this.runner.start(this.runner.finalInput(this.mapInput(options, warnings)), options, warnings);
  }

  /** Finds a prediction already created for these options (see `ModelRunner.find`). */
  async doFind(options: SpeechModelV1CallOptions & FindOptions): Promise<StartedOperation | undefined> {
    return this.runner.find(this.runner.finalInput(this.mapInput(options, [])), [], options.submittedAfter, options.abortSignal);
  }

  async doCancel(options: { operation: JsonValue }): Promise<void> {
    await this.runner.cancel(options.operation);
  }

  async doStatus(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<SpeechModelV1Result>> {
    return this.runner.status(options.operation, options.abortSignal, (prediction) =>
      withWarnings(
        predictionStatus<SpeechModelV1Result>(prediction, this.pollAfterMs, (urls) => {
          return {
            status: 'completed',
            result: { audio: toGeneratedFile(urls[0]!, this.entry?.mediaType ?? 'audio/wav'), ...this.runner.cost(prediction.input ?? {}, 1, prediction.metrics?.predict_time) },
          };
        }),
        this.runner.modelWarnings('speech'),
      ),
    );
  }

  estimateCost(options: Pick<SpeechModelV1CallOptions, 'text'>): number {
    return this.runner.cost(this.runner.finalInput(this.mapInput({ ...options, idempotencyKey: '' }, [])), 1).costUsd;
  }

  private mapInput(options: SpeechModelV1CallOptions, warnings: ModelWarning[]): Record<string, JsonValue> {
    const entry = this.entry;
    if (!entry) {
      const mapped: Record<string, JsonValue> = { text: options.text };
      if (options.voice) mapped.voice = options.voice;
      return mapped;
    }
    const mapped: Record<string, JsonValue> = {
      [entry.textField]: options.text,
      [entry.voiceField]: options.voice ?? entry.defaultVoice,
    };
    if (options.instructions) {
      const words: string[] = options.instructions.toLowerCase().match(/[a-z]+/g) ?? [];
      const emotion = entry.emotions?.find((candidate) => words.includes(candidate));
      if (entry.emotionField && emotion) {
        mapped[entry.emotionField] = emotion;
      } else {
        warnings.push({
          type: 'unsupported-setting',
          setting: 'instructions',
          message: `${this.modelId} takes no free-form instructions${entry.emotions ? ` (only an emotion: ${entry.emotions.join(', ')})` : ''}; "${options.instructions}" was ignored.`,
        });
      }
    }
    return mapped;
  }
}

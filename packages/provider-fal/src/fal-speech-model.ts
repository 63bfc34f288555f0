import type {
  JsonValue,
  ModelWarning,
  OperationStatus,
  SpeechModelV1,
  SpeechModelV1CallOptions,
  SpeechModelV1Result,
  StartedOperation,
} from '@cinema/core';
import { genericSpeechEntry, lookupFalEndpoint, type FalSpeechCatalogueEntry, type FalSpeechModelId } from './fal-catalogue.js';
import { readAudio, toGeneratedFile } from './fal-output.js';
import { falPriceTableVersion, priceFor } from './fal-prices.js';
import {
  failureToError,
  noPriceWarning,
  parseFalOperation,
  pendingStatus,
  cancelFal,
  pollFal,
  submitToFal,
  toJsonOperation,
  unknownModelWarning,
  waitForFal,
  type FalModelContext,
  type FalOperation,
  type FalPollResult,
} from './fal-queue.js';

/** A text-to-speech model on fal's queue (ElevenLabs, MiniMax speech, Chatterbox). */
export class FalSpeechModel implements SpeechModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: FalSpeechModelId;
  private readonly entry: FalSpeechCatalogueEntry;
  private readonly known: boolean;

  constructor(
    modelId: FalSpeechModelId,
    private readonly context: FalModelContext,
  ) {
    this.modelId = modelId;
    this.provider = context.providerName;
    const entry = lookupFalEndpoint(modelId, 'speech');
    this.known = entry != null;
    this.entry = entry ?? genericSpeechEntry;
  }

  /** Builds the request body with this model's own field names. */
  prepare(options: SpeechModelV1CallOptions): { input: Record<string, unknown>; warnings: ModelWarning[] } {
    const warnings: ModelWarning[] = [];
    const entry = this.entry;
    if (!this.known) warnings.push(unknownModelWarning(this.modelId, 'speech', 'text, voice'));
    const input: Record<string, unknown> = { ...entry.fixedInput, [entry.textField]: options.text };
    const voice = options.voice ?? entry.defaultVoice;
    if (voice) {
      if (entry.voiceStyle === 'voice') input.voice = voice;
      else if (entry.voiceStyle === 'voice-setting') input.voice_setting = { voice_id: voice };
      else if (options.voice) {
        warnings.push({ type: 'unsupported-setting', setting: 'voice', message: `${this.modelId} takes no named voice; "${options.voice}" ignored.` });
      }
    }
    if (options.instructions) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'instructions',
        message: `${this.modelId} takes no delivery instructions; "${options.instructions}" ignored.`,
      });
    }
    return { input, warnings };
  }

  async doStart(options: SpeechModelV1CallOptions): Promise<StartedOperation> {
    this.context.client();
    const { input, warnings } = this.prepare(options);
    const row = this.context.price(this.modelId);
    if (!row) warnings.push(noPriceWarning(this.modelId, falPriceTableVersion));
    const costUsd = row ? priceFor(row, { characters: options.text.length }) : 0;
    const requestId = await submitToFal(this.context, this.modelId, input, options);
    return { operation: toJsonOperation({ endpointId: this.modelId, requestId, costUsd }), warnings };
  }

  /** Asks fal to drop the queued request (`cinema cancel`, a passed deadline). */
  async doCancel(options: { operation: JsonValue }): Promise<void> {
    await cancelFal(this.context, parseFalOperation(options.operation));
  }

  async doStatus(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<SpeechModelV1Result>> {
    const operation = parseFalOperation(options.operation);
    const poll = await pollFal(this.context, operation, options.abortSignal);
    if (poll.state === 'pending') return pendingStatus(poll);
    return this.finish(operation, poll);
  }

  async doGenerate(options: SpeechModelV1CallOptions): Promise<SpeechModelV1Result> {
    const started = await this.doStart(options);
    const operation = parseFalOperation(started.operation);
    const status = this.finish(operation, await waitForFal(this.context, operation, options));
    if (status.status !== 'completed') throw failureToError(status as { message: string });
    const warnings = [...(started.warnings ?? []), ...(status.result.warnings ?? [])];
    return { ...status.result, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  estimateCost(options: Pick<SpeechModelV1CallOptions, 'text'>): number {
    const row = this.context.price(this.modelId);
    return row ? priceFor(row, { characters: options.text.length }) : 0;
  }

  private finish(operation: FalOperation, poll: Exclude<FalPollResult, { state: 'pending' }>): OperationStatus<SpeechModelV1Result> {
    if (poll.state === 'failed') return { status: 'failed', message: poll.message, isRetryable: poll.isRetryable, category: poll.category };
    const audio = readAudio(poll.data);
    if (!audio) {
      return {
        status: 'failed',
        message: `fal result for ${operation.endpointId} has no audio (expected {"audio":{"url":…}}); got ${JSON.stringify(poll.data)?.slice(0, 300)}.`,
        isRetryable: true,
        category: 'server',
      };
    }
    return {
      status: 'completed',
      result: {
        audio: toGeneratedFile(audio.file, 'audio/mpeg'),
        costUsd: operation.costUsd ?? 0,
        ...(audio.durationSeconds != null ? { durationSeconds: audio.durationSeconds } : {}),
      },
    };
  }
}

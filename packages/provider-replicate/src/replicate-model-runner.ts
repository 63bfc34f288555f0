import { CinemaError, stableStringify } from '@cinema/core';
import type { InputFile, JsonValue, ModelWarning, OperationStatus, StartedOperation } from '@cinema/core';
import type { ReplicateApi, ReplicatePrediction } from './replicate-api.js';
import type { ReplicateCatalogueEntry } from './replicate-catalogue.js';
import { modelName } from './replicate-catalogue.js';
import { predictionCost } from './replicate-cost.js';
import type { ReplicatePriceRow } from './replicate-prices.js';
import { parseOperation, statusError, toOperationJson, warningsOrUndefined } from './replicate-prediction.js';

/** Per-model settings, the second argument of `imageModel`, `videoModel` and `speechModel`. */
export interface ReplicateModelSettings {
  /** Input merged over everything this package maps (wins over the catalogue defaults and call options). */
  input?: Record<string, JsonValue>;
  /**
   * The hardware SKU the model runs on (e.g. `gpu-a100-large`), for community models billed by
   * run time: cost = `metrics.predict_time` × the SKU's price. Not needed for catalogued models.
   */
  hardware?: string;
}

/** What every model of this provider shares. */
export interface ModelRunnerOptions {
  api: ReplicateApi;
  modelId: string;
  entry: ReplicateCatalogueEntry | undefined;
  settings: ReplicateModelSettings;
  prices: readonly ReplicatePriceRow[];
  /** Waits between polls inside `doGenerate`. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Default poll interval inside `doGenerate`, in ms. */
  pollIntervalMs: number;
}

/** Starts predictions, polls them and cancels them for one model. */
export class ModelRunner {
  constructor(readonly options: ModelRunnerOptions) {}

  /**
   * What a prediction costs (or would cost, before it runs) by this model's price row or hardware
   * price, with the warning to pass on when no price is known.
   */
  cost(input: Record<string, unknown>, outputCount: number, predictTimeSeconds?: number): { costUsd: number; warnings: ModelWarning[] | undefined } {
    const { costUsd, warning } = predictionCost({
      modelName: this.modelName,
      entry: this.options.entry,
      input,
      outputCount,
      predictTimeSeconds,
      hardware: this.options.settings.hardware,
      prices: this.options.prices,
    });
    return { costUsd, warnings: warning ? [warning] : undefined };
  }

  get modelName(): string {
    return modelName(this.options.modelId);
  }

  /** Warnings every call of this model carries (unknown or retired model). */
  modelWarnings(kind: ReplicateCatalogueEntry['kind']): ModelWarning[] {
    const { entry, modelId } = this.options;
    if (!entry) {
      return [
        {
          type: 'other',
          message: `Replicate model ${modelId} is not in this package's catalogue: its ${kind} input uses generic field names (prompt, image, aspect_ratio, duration, seed). Add the model to the provider's \`models\` setting or pass \`input\` in the model settings if they differ.`,
        },
      ];
    }
    if (entry.kind !== kind) {
      return [{ type: 'other', message: `Replicate model ${modelId} is catalogued as a ${entry.kind} model but used as a ${kind} model.` }];
    }
    if (entry.retired) {
      return [{ type: 'other', message: `Replicate retired ${modelId} on ${entry.retired.date}: ${entry.retired.note}` }];
    }
    return [];
  }

  /** Uploads local files through `/v1/files`, in order. */
  async upload(files: InputFile[], options: { abortSignal?: AbortSignal; headers?: Record<string, string> }): Promise<string[]> {
    return Promise.all(files.map((file) => this.options.api.uploadFile(file, { signal: options.abortSignal, headers: options.headers })));
  }

  /** The input sent: catalogue defaults, then the mapped fields, then the model settings' input. */
  finalInput(mapped: Record<string, JsonValue>): Record<string, JsonValue> {
    return { ...this.options.entry?.defaults, ...mapped, ...this.options.settings.input };
  }

  async start(
    input: Record<string, JsonValue>,
    options: { abortSignal?: AbortSignal; headers?: Record<string, string> },
    warnings: ModelWarning[],
  ): Promise<StartedOperation> {
    const prediction = await this.options.api.createPrediction({
      model: this.options.modelId,
      input,
      signal: options.abortSignal,
      headers: options.headers,
    });
    if (typeof prediction?.id !== 'string' || prediction.id === '') {
      throw new CinemaError({
        category: 'invalid_response',
        isRetryable: true,
        message: `Replicate created a prediction for ${this.options.modelId} but returned no id (got ${JSON.stringify(prediction).slice(0, 200)}).`,
      });
    }
    return {
      operation: toOperationJson({ predictionId: prediction.id, model: this.options.modelId }),
      warnings: warningsOrUndefined(warnings),
    };
  }

  async status<Result>(
    operation: JsonValue,
    abortSignal: AbortSignal | undefined,
    map: (prediction: ReplicatePrediction) => OperationStatus<Result>,
  ): Promise<OperationStatus<Result>> {
    const { predictionId } = parseOperation(operation);
    const prediction = await this.options.api.getPrediction(predictionId, { signal: abortSignal });
    return map(prediction);
  }

  /**
   * Finds a prediction this model already created with this input after `submittedAfter`: the
   * crash window between Replicate accepting a prediction and the job store saving its id. Replicate
   * keeps no idempotency key, so a prediction matches on the model and every input field but the
   * uploaded files (`uploadFields`, whose URLs differ on every upload), newest first, over at most
   * `maxFindPages` pages of `GET /v1/predictions`. Failed and cancelled predictions are passed over.
   */
  async find(
    input: Record<string, JsonValue>,
    uploadFields: readonly string[],
    submittedAfter: number,
    abortSignal?: AbortSignal,
  ): Promise<StartedOperation | undefined> {
    const { modelId } = this.options;
    const colon = modelId.indexOf(':');
    const wanted = { model: colon === -1 ? modelId : modelId.slice(0, colon), version: colon === -1 ? undefined : modelId.slice(colon + 1) };
    const since = submittedAfter - clockSlackMs;
    const compared = Object.entries(input).filter(([field]) => !uploadFields.includes(field));
    for await (const page of this.options.api.listPredictions({ signal: abortSignal, maxPages: maxFindPages })) {
      for (const prediction of page) {
        const createdAt = Date.parse(prediction.created_at ?? '');
        if (Number.isFinite(createdAt) && createdAt < since) return undefined;
        if (prediction.model !== wanted.model || (wanted.version !== undefined && prediction.version !== wanted.version)) continue;
        if (prediction.status === 'failed' || prediction.status === 'canceled' || prediction.status === 'aborted') continue;
        const sent = prediction.input ?? {};
        const same = compared.every(([field, value]) => sameJson(sent[field], value)) && uploadFields.every((field) => sent[field] !== undefined || input[field] === undefined);
        if (same) return { operation: toOperationJson({ predictionId: prediction.id, model: modelId }) };
      }
    }
    return undefined;
  }

  async cancel(operation: JsonValue): Promise<void> {
    const { predictionId } = parseOperation(operation);
    await this.options.api.cancelPrediction(predictionId);
  }

  /** Polls until the operation ends; used by `doGenerate`. Cancels the prediction when aborted. */
  async wait<Result>(
    started: StartedOperation,
    abortSignal: AbortSignal | undefined,
    status: (options: { operation: JsonValue; abortSignal?: AbortSignal }) => Promise<OperationStatus<Result>>,
  ): Promise<Result> {
    let failedPolls = 0;
    for (;;) {
      let current: OperationStatus<Result>;
      try {
        if (abortSignal?.aborted) throw abortError(abortSignal);
        try {
          current = await status({ operation: started.operation, abortSignal });
          failedPolls = 0;
        } catch (error) {
          // Reading a prediction is safe to repeat; giving up here would make the caller start
          // (and pay for) a new one.
          if (!CinemaError.isInstance(error) || !error.isRetryable || failedPolls >= maxFailedPolls) throw error;
          failedPolls += 1;
          await this.options.sleep(error.retryAfterMs ?? this.options.pollIntervalMs * 2 ** failedPolls, abortSignal);
          continue;
        }
        if (current.status === 'pending') await this.options.sleep(current.pollAfterMs ?? this.options.pollIntervalMs, abortSignal);
      } catch (error) {
        if (abortSignal?.aborted) {
          await this.cancel(started.operation).catch(() => undefined);
          throw abortError(abortSignal);
        }
        throw error;
      }
      if (current.status === 'completed') return current.result;
      if (current.status === 'failed') throw statusError(current);
    }
  }
}

/** Pages of recent predictions `find` reads at most (100 each): a crash is found on the next run, well within these. */
const maxFindPages = 5;

/** Replicate's clock and ours may differ: look this much further back than the job's first start. */
const clockSlackMs = 10 * 60_000;

function sameJson(a: unknown, b: unknown): boolean {
  return a !== undefined && b !== undefined && stableStringify(a) === stableStringify(b);
}

/** Consecutive failed polls `doGenerate` tolerates before it gives up. */
const maxFailedPolls = 4;

function abortError(signal: AbortSignal): CinemaError {
  return new CinemaError({
    category: 'cancelled',
    message: `Replicate call aborted${signal.reason instanceof Error ? `: ${signal.reason.message}` : ''}; the prediction was cancelled.`,
  });
}

/** Waits `ms`, or rejects as soon as the signal aborts. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Adds the model's own warnings to a status's result, if it completed. */
export function withWarnings<Result extends { warnings?: ModelWarning[] }>(
  status: OperationStatus<Result>,
  warnings: ModelWarning[],
): OperationStatus<Result> {
  if (status.status !== 'completed' || warnings.length === 0) return status;
  return { status: 'completed', result: { ...status.result, warnings: [...warnings, ...(status.result.warnings ?? [])] } };
}

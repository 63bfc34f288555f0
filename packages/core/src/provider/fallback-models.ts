import { CinemaError, type ErrorCategory, toCinemaError } from '../errors/cinema-error.js';
import type { FindOptions, ImageModelV1, JsonValue, ModelWarning, OperationStatus, SpeechModelV1, StartedOperation, TextModelV1, VideoModelV1 } from './v1/index.js';

/**
 * Errors that say "this model, not this request": a retired or unknown model, an outage, a timeout.
 * A refusal or a bad request would fail the same way on the next model, so those do not fall back.
 */
const fallbackCategories: ReadonlySet<ErrorCategory> = new Set(['not_found', 'server', 'network', 'timeout', 'rate_limit']);

function shouldFallBack(error: CinemaError): boolean {
  return fallbackCategories.has(error.category);
}

function label(model: { provider: string; modelId: string }) {
  return `${model.provider}/${model.modelId}`;
}

/** Calls `call` on each model in turn while the failure is the model's fault; notes each switch as a warning. */
async function firstThatWorks<Model extends { provider: string; modelId: string }, Result extends { warnings?: ModelWarning[] }>(
  models: readonly Model[],
  call: (model: Model, index: number) => Promise<Result>,
): Promise<Result> {
  const warnings: ModelWarning[] = [];
  for (const [index, model] of models.entries()) {
    try {
      const result = await call(model, index);
      return warnings.length > 0 ? { ...result, warnings: [...warnings, ...(result.warnings ?? [])] } : result;
    } catch (thrown) {
      const error = toCinemaError(thrown);
      const next = models[index + 1];
      if (!next || !shouldFallBack(error)) throw error;
      warnings.push({ type: 'other', message: `${label(model)} failed (${error.message}); used ${label(next)} instead` });
    }
  }
  throw new CinemaError({ message: 'no model configured', category: 'config' });
}

function validateAll(models: readonly { validate?(): void | Promise<void> }[]) {
  return async () => {
    for (const model of models) await model.validate?.();
  };
}

function checkList<Model>(models: readonly Model[], kind: string): [Model, ...Model[]] {
  if (models.length === 0) throw new CinemaError({ message: `a ${kind} fallback list needs at least one model`, category: 'config' });
  return models as [Model, ...Model[]];
}

interface GeneratingModel<Options, Result> {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  readonly modelId: string;
  validate?(): void | Promise<void>;
  estimateCost?(options: never): number;
  doGenerate(options: Options): Promise<Result>;
}

/** The parts every one-call model kind shares: named after the first model, generating with the first that works. */
function generatingWithFallback<Options, Result extends { warnings?: ModelWarning[] }, Model extends GeneratingModel<Options, Result>>(
  models: readonly Model[],
  kind: string,
) {
  const [primary] = checkList(models, kind);
  return {
    specificationVersion: 'v1' as const,
    provider: primary.provider,
    modelId: primary.modelId,
    validate: validateAll(models),
    estimateCost: primary.estimateCost?.bind(primary) as Model['estimateCost'],
    doGenerate: (options: Options) => firstThatWorks(models, (model) => model.doGenerate(options)),
  };
}

/** A text model that moves on to the next model when one is retired or failing. */
export function textModelWithFallback(models: readonly TextModelV1[]): TextModelV1 {
  return generatingWithFallback(models, 'text');
}

export function imageModelWithFallback(models: readonly ImageModelV1[]): ImageModelV1 {
  return { ...generatingWithFallback(models, 'image'), ...operationsWithFallback(models), capabilities: models[0]?.capabilities };
}

export function speechModelWithFallback(models: readonly SpeechModelV1[]): SpeechModelV1 {
  return { ...generatingWithFallback(models, 'speech'), ...operationsWithFallback(models), voices: models[0]?.voices };
}

/**
 * A video model that submits to the next model when one is retired or failing. The saved operation
 * remembers which model took the work, so a resumed run polls the right one.
 */
export function videoModelWithFallback(models: readonly VideoModelV1[]): VideoModelV1 {
  const [primary] = checkList(models, 'video');
  return {
    specificationVersion: 'v1',
    provider: primary.provider,
    modelId: primary.modelId,
    capabilities: primary.capabilities,
    validate: validateAll(models),
    estimateCost: primary.estimateCost && ((options) => primary.estimateCost!(options)),
    ...operationsWithFallback(models)!,
  };
}

interface OperatingModel<Options, Result> {
  readonly provider: string;
  readonly modelId: string;
  doStart?(options: Options): Promise<StartedOperation>;
  doStatus?(options: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<Result>>;
  doFind?(options: Options & FindOptions): Promise<StartedOperation | undefined>;
  doCancel?(options: { operation: JsonValue }): Promise<void>;
}

/** The saved operation of a fallback list: which model took the work, and that model's own operation. */
interface FallbackOperation {
  model: number;
  operation: JsonValue;
  [key: string]: JsonValue;
}

/**
 * Start, status, find and cancel over a fallback list, when every model of it works through
 * operations; otherwise nothing, and the stage calls `doGenerate`.
 */
function operationsWithFallback<Options, Result extends { warnings?: ModelWarning[] }>(
  models: readonly OperatingModel<Options, Result>[],
): Required<Pick<OperatingModel<Options, Result>, 'doStart' | 'doStatus' | 'doFind' | 'doCancel'>> | undefined {
  if (!models.every((model) => model.doStart && model.doStatus)) return undefined;
  const modelAt = (operation: JsonValue) => {
    const { model, operation: inner } = operation as FallbackOperation;
    const found = models[model];
    if (!found) throw new CinemaError({ message: `saved operation names model #${model}, but only ${models.length} are configured`, category: 'config' });
    return { model: found, inner };
  };
  const wrap = (index: number, started: StartedOperation): StartedOperation => ({ ...started, operation: { model: index, operation: started.operation } });
  return {
    doStart: (options) => firstThatWorks(models, async (model, index) => wrap(index, await model.doStart!(options))),
    doStatus: ({ operation, abortSignal }) => {
      const { model, inner } = modelAt(operation);
      return model.doStatus!({ operation: inner, abortSignal });
    },
    doFind: async (options) => {
      for (const [index, model] of models.entries()) {
        const found = await model.doFind?.(options);
        if (found) return wrap(index, found);
      }
      return undefined;
    },
    doCancel: async ({ operation }) => {
      const { model, inner } = modelAt(operation);
      await model.doCancel?.({ operation: inner });
    },
  };
}

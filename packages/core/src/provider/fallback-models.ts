import { CinemaError, type ErrorCategory, toCinemaError } from '../errors/cinema-error.js';
import type { ImageModelV1 } from './v1/image-model-v1.js';
import type { JsonValue, ModelWarning } from './v1/shared.js';
import type { SpeechModelV1 } from './v1/speech-model-v1.js';
import type { TextModelV1 } from './v1/text-model-v1.js';
import type { VideoModelV1 } from './v1/video-model-v1.js';

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
  return { ...generatingWithFallback(models, 'image'), capabilities: models[0]?.capabilities };
}

export function speechModelWithFallback(models: readonly SpeechModelV1[]): SpeechModelV1 {
  return { ...generatingWithFallback(models, 'speech'), voices: models[0]?.voices };
}

/**
 * A video model that submits to the next model when one is retired or failing. The saved operation
 * remembers which model took the work, so a resumed run polls the right one.
 */
export function videoModelWithFallback(models: readonly VideoModelV1[]): VideoModelV1 {
  const [primary] = checkList(models, 'video');
  const modelAt = (operation: JsonValue) => {
    const { model } = operation as { model: number };
    const found = models[model];
    if (!found) throw new CinemaError({ message: `saved operation names model #${model}, but only ${models.length} are configured`, category: 'config' });
    return found;
  };
  return {
    specificationVersion: 'v1',
    provider: primary.provider,
    modelId: primary.modelId,
    capabilities: primary.capabilities,
    validate: validateAll(models),
    estimateCost: primary.estimateCost && ((options) => primary.estimateCost!(options)),
    doStart: (options) =>
      firstThatWorks(models, async (model, index) => {
        const started = await model.doStart(options);
        return { ...started, operation: { model: index, operation: started.operation } };
      }),
    doStatus: ({ operation, abortSignal }) => modelAt(operation).doStatus({ operation: (operation as { operation: JsonValue }).operation, abortSignal }),
    doCancel: async ({ operation }) => {
      await modelAt(operation).doCancel?.({ operation: (operation as { operation: JsonValue }).operation });
    },
  };
}

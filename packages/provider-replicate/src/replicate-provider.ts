import type { ProviderV1 } from '@cinema/core';
import { ReplicateApi, tokenVariable } from './replicate-api.js';
import type { FetchFunction } from './replicate-api.js';
import { findCatalogueEntry } from './replicate-catalogue.js';
import type {
  ReplicateCatalogueEntry,
  ReplicateImageModelId,
  ReplicateSpeechModelId,
  ReplicateVideoModelId,
} from './replicate-catalogue.js';
import { ReplicateImageModel } from './replicate-image-model.js';
import { ModelRunner, defaultSleep } from './replicate-model-runner.js';
import type { ReplicateModelSettings } from './replicate-model-runner.js';
import { replicatePrices } from './replicate-prices.js';
import type { ReplicatePriceRow } from './replicate-prices.js';
import { ReplicateSpeechModel } from './replicate-speech-model.js';
import { ReplicateVideoModel } from './replicate-video-model.js';

export interface ReplicateProviderSettings {
  /** API token. Default: the `REPLICATE_API_TOKEN` environment variable, read at call time. */
  apiToken?: string;
  /** Default: `https://api.replicate.com/v1`. */
  baseURL?: string;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** Default: `globalThis.fetch`. Every SDK request goes through it. */
  fetch?: FetchFunction;
  /** Catalogue entries added to (or replacing, by id) the built-in ones, e.g. for new models. */
  models?: ReplicateCatalogueEntry[];
  /** Price rows consulted before the built-in table. */
  prices?: ReplicatePriceRow[];
  /** Poll interval of image and speech predictions, in ms (`doGenerate` and `pollAfterMs`). Default: 1000. */
  pollIntervalMs?: number;
  /** `pollAfterMs` returned for pending video predictions. Default: 5000. */
  videoPollIntervalMs?: number;
  /** Waits between polls in `doGenerate`; injectable for tests. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The Replicate provider: `ProviderV1` plus a token check. */
export interface ReplicateProvider extends ProviderV1 {
  readonly name: 'replicate';
  imageModel(modelId: ReplicateImageModelId, settings?: ReplicateModelSettings): ReplicateImageModel;
  videoModel(modelId: ReplicateVideoModelId, settings?: ReplicateModelSettings): ReplicateVideoModel;
  speechModel(modelId: ReplicateSpeechModelId, settings?: ReplicateModelSettings): ReplicateSpeechModel;
  /**
   * Throws a `CinemaError` with category `auth` naming REPLICATE_API_TOKEN when no token is set.
   * With `remote: true`, also calls `GET /v1/account` so a revoked token fails here, not mid-run.
   */
  validate(options?: { remote?: boolean }): Promise<void>;
}

/** Makes a Replicate provider. The token may be set later; it is read on every call. */
export function createReplicate(settings: ReplicateProviderSettings = {}): ReplicateProvider {
  const api = new ReplicateApi({
    apiToken: () => settings.apiToken ?? process.env[tokenVariable],
    baseURL: (settings.baseURL ?? 'https://api.replicate.com/v1').replace(/\/+$/, ''),
    headers: settings.headers ?? {},
    fetch: settings.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  });
  const prices = [...(settings.prices ?? []), ...replicatePrices];
  const pollIntervalMs = settings.pollIntervalMs ?? 1000;
  const videoPollIntervalMs = settings.videoPollIntervalMs ?? 5000;

  const runner = (modelId: string, modelSettings: ReplicateModelSettings = {}) =>
    new ModelRunner({
      api,
      modelId,
      entry: findCatalogueEntry(modelId, settings.models),
      settings: modelSettings,
      prices,
      sleep: settings.sleep ?? defaultSleep,
      pollIntervalMs,
    });

  const requireToken = () => api.requireToken();

  return {
    specificationVersion: 'v1',
    name: 'replicate',
    // Each model can check the token before a run starts (core calls `validate` on every configured model).
    imageModel: (modelId, modelSettings) => Object.assign(new ReplicateImageModel(runner(modelId, modelSettings), pollIntervalMs), { validate: requireToken }),
    videoModel: (modelId, modelSettings) => Object.assign(new ReplicateVideoModel(runner(modelId, modelSettings), videoPollIntervalMs), { validate: requireToken }),
    speechModel: (modelId, modelSettings) => Object.assign(new ReplicateSpeechModel(runner(modelId, modelSettings), pollIntervalMs), { validate: requireToken }),
    async validate(options = {}) {
      api.requireToken();
      if (options.remote) await api.account();
    },
  };
}

/** The default provider: token from `REPLICATE_API_TOKEN`, the public API. */
export const replicate: ReplicateProvider = createReplicate();

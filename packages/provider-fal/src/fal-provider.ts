import { basename } from 'node:path';
import { createHash } from 'node:crypto';
import { createFalClient, type FalClient } from '@fal-ai/client';
import { CinemaError, type InputFile, type ProviderV1 } from '@cinema/core';
import type { FalImageModelId, FalSpeechModelId, FalVideoModelId } from './fal-catalogue.js';
import { toFalError } from './fal-errors.js';
import { FalImageModel } from './fal-image-model.js';
import { falPrices, type FalPriceRow } from './fal-prices.js';
import type { FalModelContext } from './fal-queue.js';
import { FalSpeechModel } from './fal-speech-model.js';
import { createFalFetch, defaultFalQueueURL, defaultFalRestURL, falCallContext } from './fal-transport.js';
import { FalVideoModel, type FalVideoModelSettings } from './fal-video-model.js';

export interface FalProviderSettings {
  /**
   * fal API key. Default: the `FAL_KEY` environment variable (or `FAL_KEY_ID` + `FAL_KEY_SECRET`),
   * read at call time. Never stored in operations, errors or logs.
   */
  apiKey?: string;
  /** fal's queue host. Default: `https://queue.fal.run`. Point it at a gateway or the emulator. */
  baseURL?: string;
  /** fal's REST host, used for storage uploads. Default: `https://rest.fal.ai`. */
  restURL?: string;
  /** Headers added to every request to fal's hosts. Default: none. */
  headers?: Record<string, string>;
  /** The fetch used for every request, uploads included. Default: `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Price rows that replace or extend Cinema's table, by endpoint id. Default: none. */
  prices?: Record<string, FalPriceRow>;
  /** Wait between polls when `doGenerate` polls by itself. Default: 1000 ms. */
  pollIntervalMs?: number;
}

/** The fal.ai provider: images, video and speech through fal's queue. */
export interface FalProvider extends ProviderV1 {
  readonly name: 'fal';
  imageModel(modelId: FalImageModelId): FalImageModel;
  videoModel(modelId: FalVideoModelId, settings?: FalVideoModelSettings): FalVideoModel;
  speechModel(modelId: FalSpeechModelId): FalSpeechModel;
  /** Throws a CinemaError (category `auth`) naming `FAL_KEY` when no key is configured. */
  validate(): void;
  /** Uploads a local file to fal storage, once per content checksum, and returns its URL. */
  uploadFile(file: InputFile): Promise<string>;
}

function keyFromEnvironment(): string | undefined {
  const environment = typeof process !== 'undefined' ? process.env : {};
  if (environment.FAL_KEY) return environment.FAL_KEY;
  if (environment.FAL_KEY_ID && environment.FAL_KEY_SECRET) return `${environment.FAL_KEY_ID}:${environment.FAL_KEY_SECRET}`;
  return undefined;
}

/** Creates a fal provider. */
export function createFal(settings: FalProviderSettings = {}): FalProvider {
  const resolveKey = () => settings.apiKey ?? keyFromEnvironment();
  const secrets = () => {
    const key = resolveKey();
    return key ? [key, ...key.split(':').filter((part) => part.length >= 8)] : [];
  };
  const prices: Record<string, FalPriceRow> = { ...falPrices, ...settings.prices };
  const uploads = new Map<string, Promise<string>>();
  let client: FalClient | undefined;

  const validate = () => {
    if (!resolveKey()) {
      throw new CinemaError({
        message:
          'No fal.ai API key: set the FAL_KEY environment variable (or pass createFal({ apiKey })). Create a key at https://fal.ai/dashboard/keys.',
        category: 'auth',
      });
    }
  };

  const getClient = (): FalClient => {
    validate();
    client ??= createFalClient({
      credentials: resolveKey,
      suppressLocalCredentialsWarning: true,
      fetch: createFalFetch({
        queueURL: settings.baseURL ?? defaultFalQueueURL,
        restURL: settings.restURL ?? defaultFalRestURL,
        headers: settings.headers ?? {},
        fetch: settings.fetch ?? ((input, init) => globalThis.fetch(input, init)),
        secrets,
      }),
      // Per-operation retry settings in @fal-ai/client override this; the transport stops them instead.
      retry: { maxRetries: 0, baseDelay: 0, maxDelay: 0, backoffMultiplier: 1, retryableStatusCodes: [], enableJitter: false },
    });
    return client;
  };

  const uploadFile = (file: InputFile): Promise<string> => {
    // The movie's asset store already serves it: fal fetches it from there.
    if (file.url) return Promise.resolve(file.url);
    const cacheKey = createHash('sha256').update(file.data).digest('hex');
    const cached = uploads.get(cacheKey);
    if (cached) return cached;
    const upload = (async () => {
      const falClient = getClient();
      try {
        const blob = new File([file.data], basename(file.path) || `${cacheKey.slice(0, 16)}`, { type: file.mediaType });
        return await falCallContext.run({ operation: `storage upload of ${basename(file.path)}` }, () => falClient.storage.upload(blob));
      } catch (error) {
        throw toFalError(error, { operation: `storage upload of ${file.path}`, secrets: secrets() });
      }
    })();
    uploads.set(cacheKey, upload);
    upload.catch(() => uploads.delete(cacheKey));
    return upload;
  };

  const context: FalModelContext = {
    providerName: 'fal',
    client: getClient,
    upload: uploadFile,
    price: (endpointId) => prices[endpointId],
    secrets,
    pollIntervalMs: settings.pollIntervalMs ?? 1_000,
  };

  return {
    specificationVersion: 'v1',
    name: 'fal',
    // Each model can check the key before a run starts (core calls `validate` on every configured model).
    imageModel: (modelId) => Object.assign(new FalImageModel(modelId, context), { validate }),
    videoModel: (modelId, videoSettings) => Object.assign(new FalVideoModel(modelId, context, videoSettings), { validate }),
    speechModel: (modelId) => Object.assign(new FalSpeechModel(modelId, context), { validate }),
    validate,
    uploadFile,
  };
}

/** The default provider: key from `FAL_KEY`, fal's own hosts. */
export const fal: FalProvider = createFal();

import type { ModelWarning, ProviderV1 } from '@cinema/core';
import { CinemaError } from '@cinema/core';
import { OpenAI } from 'openai';
import type { OpenAIModelContext } from './openai-client.js';
import { resolveOpenAIModel, type OpenAIImageModelId, type OpenAISpeechModelId, type OpenAITextModelId } from './openai-catalogue.js';
import { OpenAIImageModel, type OpenAIImageModelSettings } from './openai-image-model.js';
import { OpenAISpeechModel, type OpenAISpeechModelSettings } from './openai-speech-model.js';
import { OpenAITextModel, type OpenAITextModelSettings } from './openai-text-model.js';

const defaultBaseURL = 'https://api.openai.com/v1';

/** Settings for `createOpenAI`. */
export interface OpenAIProviderSettings {
  /**
   * The API key. Default: `process.env.OPENAI_API_KEY`, read when a model is first used. Local
   * OpenAI-compatible servers (Ollama, vLLM, llama.cpp) ignore it, but one must still be set:
   * any placeholder such as `'ollama'` will do.
   */
  apiKey?: string;
  /**
   * The API root. Default: `process.env.OPENAI_BASE_URL`, else `https://api.openai.com/v1`.
   * Point it at an OpenAI-compatible server, e.g. `http://127.0.0.1:11434/v1` for Ollama.
   */
  baseURL?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** A fetch implementation to use instead of the global one (proxies, tests). */
  fetch?: typeof globalThis.fetch;
  /** Sent as `OpenAI-Organization`. Default: `process.env.OPENAI_ORG_ID` (the SDK's default). */
  organization?: string;
  /** Milliseconds before a request is abandoned. Default: 600000 (the SDK's). */
  timeoutMs?: number;
}

/**
 * The OpenAI provider: structured-output text, GPT image models and speech. It offers no video
 * models: OpenAI shut the Sora 2 Videos API down on 2026-09-24, with no replacement.
 */
export interface OpenAIProvider extends ProviderV1 {
  readonly specificationVersion: 'v1';
  readonly name: 'openai';
  /** A chat model answering with JSON that follows a schema (`POST /chat/completions`). */
  textModel(modelId: OpenAITextModelId, settings?: OpenAITextModelSettings): OpenAITextModel;
  /** A GPT image model: generations without references, edits with up to 16 reference images. */
  imageModel(modelId: OpenAIImageModelId, settings?: OpenAIImageModelSettings): OpenAIImageModel;
  /** A speech model returning MP3 (`POST /audio/speech`). */
  speechModel(modelId: OpenAISpeechModelId, settings?: OpenAISpeechModelSettings): OpenAISpeechModel;
  /** Warnings from every model made so far (unknown or deprecated ids), in order. Nothing is logged. */
  readonly warnings: readonly ModelWarning[];
  /**
   * Throws the `auth` CinemaError a model would throw on first use when no API key is set, so a
   * CLI can fail before any job starts. Makes no request.
   */
  validate(): void;
}

/** The error raised when no API key is configured. */
export function missingKeyError(): CinemaError {
  return new CinemaError({
    message:
      'No OpenAI API key: set the OPENAI_API_KEY environment variable, or pass createOpenAI({ apiKey }). ' +
      'Create a key at https://platform.openai.com/api-keys. (For a local OpenAI-compatible server, any placeholder key works.)',
    category: 'auth',
    isRetryable: false,
  });
}

/**
 * Throws an `auth` CinemaError naming OPENAI_API_KEY when neither `settings.apiKey` nor the
 * environment variable holds a key. Makes no request.
 */
export function checkOpenAIKey(settings: Pick<OpenAIProviderSettings, 'apiKey'> = {}): void {
  const key = settings.apiKey ?? process.env['OPENAI_API_KEY'];
  if (key == null || key.trim() === '') throw missingKeyError();
}

/**
 * Makes an OpenAI provider. Every setting is optional; the key is read when a model is first used.
 * There is no `videoModel`: OpenAI shut the Sora 2 Videos API down on 2026-09-24.
 */
export function createOpenAI(settings: OpenAIProviderSettings = {}): OpenAIProvider {
  let client: OpenAI | undefined;
  const warnings: ModelWarning[] = [];
  const apiKey = () => settings.apiKey ?? process.env['OPENAI_API_KEY'];

  const context: OpenAIModelContext = {
    provider: 'openai',
    client() {
      if (client) return client;
      checkOpenAIKey(settings);
      client = new OpenAI({
        apiKey: apiKey()!,
        ...(settings.baseURL != null ? { baseURL: settings.baseURL } : {}),
        ...(settings.organization != null ? { organization: settings.organization } : {}),
        ...(settings.headers != null ? { defaultHeaders: settings.headers } : {}),
        ...(settings.fetch != null ? { fetch: settings.fetch } : {}),
        ...(settings.timeoutMs != null ? { timeout: settings.timeoutMs } : {}),
        // The Cinema orchestrator owns retries (with the job store's attempt count and backoff).
        maxRetries: 0,
      });
      return client;
    },
    baseURL: () => client?.baseURL ?? settings.baseURL ?? process.env['OPENAI_BASE_URL'] ?? defaultBaseURL,
    secrets: () => [apiKey()],
  };

  // Each model can check the key before a run starts (core calls `validate` on every configured model).
  const validate = () => checkOpenAIKey(settings);

  const record = (modelWarnings: ModelWarning[]) => {
    warnings.push(...modelWarnings);
    return modelWarnings;
  };

  return {
    specificationVersion: 'v1',
    name: 'openai',
    warnings,
    validate,
    textModel(modelId, modelSettings) {
      const { entry, warnings: modelWarnings } = resolveOpenAIModel('text', modelId);
      return Object.assign(new OpenAITextModel({ modelId, context, capabilities: entry?.text, warnings: record(modelWarnings), settings: modelSettings }), { validate });
    },
    imageModel(modelId, modelSettings) {
      const { entry, warnings: modelWarnings } = resolveOpenAIModel('image', modelId);
      return Object.assign(new OpenAIImageModel({ modelId, context, capabilities: entry?.image, warnings: record(modelWarnings), settings: modelSettings }), { validate });
    },
    speechModel(modelId, modelSettings) {
      const { entry, warnings: modelWarnings } = resolveOpenAIModel('speech', modelId);
      return Object.assign(new OpenAISpeechModel({ modelId, context, capabilities: entry?.speech, warnings: record(modelWarnings), settings: modelSettings }), { validate });
    },
  };
}

/** The default provider: key from `OPENAI_API_KEY`, base URL from `OPENAI_BASE_URL` or OpenAI's. */
export const openai: OpenAIProvider = createOpenAI();

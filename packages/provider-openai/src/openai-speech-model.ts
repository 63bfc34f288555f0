import type { ModelWarning, SpeechModelV1, SpeechModelV1CallOptions, SpeechModelV1Result } from '@cinema/core';
import { CinemaError, InvalidResponseError } from '@cinema/core';
import type { SpeechCreateParams } from 'openai/resources/audio/speech';
import { awaitResponse, callSite, readBytes, requestOptions, type OpenAIModelContext } from './openai-client.js';
import type { OpenAISpeechCapabilities } from './openai-catalogue.js';
import { looksLikeMp3, mp3DurationSeconds } from './mp3-duration.js';
import { speechCost } from './openai-prices.js';

/** Per-model settings for `openai.speechModel(id, settings)`. */
export interface OpenAISpeechModelSettings {
  /** Speaking speed, 0.25 to 4. Default: not sent (1.0). */
  speed?: number;
}

/** Capabilities for ids the catalogue does not know: the voices every OpenAI speech model shares. */
const unknownModelCapabilities: OpenAISpeechCapabilities = {
  voices: ['alloy', 'ash', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer'],
  defaultVoice: 'alloy',
  supportsInstructions: false,
  maxInputCharacters: 4096,
};

/**
 * Picks the model voice for a character's `voice`: the voice itself when the model has it, a
 * voice named inside a description ("onyx, gravelly"), or one that fits words like "deep" or
 * "female", and otherwise the model's default, with a warning whenever it was not an exact match.
 */
export function resolveVoice(
  requested: string | undefined,
  capabilities: OpenAISpeechCapabilities,
  modelId = 'this model',
): { voice: string; description?: string; warning?: ModelWarning } {
  const voices = capabilities.voices;
  if (requested == null || requested.trim() === '') return { voice: capabilities.defaultVoice };
  const wanted = requested.trim().toLowerCase();
  if (voices.includes(wanted)) return { voice: wanted };
  const words = wanted.split(/[^a-z]+/).filter(Boolean);
  const named = voices.find((voice) => words.includes(voice));
  let voice: string | undefined = named;
  if (voice == null) {
    const has = (...keys: string[]) => words.some((word) => keys.some((key) => word.startsWith(key)));
    const candidates: string[] = [];
    if (has('female', 'woman', 'women', 'girl', 'feminine', 'she', 'her', 'lady', 'soprano', 'alto')) candidates.push('nova', 'shimmer', 'coral');
    else if (has('male', 'man', 'men', 'boy', 'masculine', 'he', 'his', 'deep', 'low', 'bass', 'baritone', 'gruff', 'gravel')) candidates.push('onyx', 'echo', 'ash');
    if (has('british', 'english', 'narrat', 'storytell')) candidates.unshift('fable');
    if (has('warm', 'friendly', 'gentle')) candidates.push('coral');
    voice = candidates.find((candidate) => voices.includes(candidate));
  }
  const chosen = voice ?? capabilities.defaultVoice;
  return {
    voice: chosen,
    description: requested.trim(),
    warning: {
      type: 'unsupported-setting',
      setting: 'voice',
      message:
        `${modelId} has no voice "${requested.trim()}"; used "${chosen}" (voices: ${voices.join(', ')}).` +
        (capabilities.supportsInstructions ? ' The description was passed on in the instructions.' : ''),
    },
  };
}

/** An OpenAI speech model (`POST /audio/speech`), returning MP3 bytes. */
export class OpenAISpeechModel implements SpeechModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: string;
  readonly voices: readonly string[];
  /** What Cinema found when it looked the id up (unknown model); also added to every result. */
  readonly warnings: readonly ModelWarning[];
  readonly #context: OpenAIModelContext;
  readonly #capabilities: OpenAISpeechCapabilities;
  readonly #settings: OpenAISpeechModelSettings;

  constructor(options: {
    modelId: string;
    context: OpenAIModelContext;
    capabilities: OpenAISpeechCapabilities | undefined;
    warnings: ModelWarning[];
    settings?: OpenAISpeechModelSettings;
  }) {
    this.modelId = options.modelId;
    this.provider = options.context.provider;
    this.#context = options.context;
    this.#capabilities = options.capabilities ?? unknownModelCapabilities;
    this.voices = this.#capabilities.voices;
    this.warnings = options.warnings;
    this.#settings = options.settings ?? {};
  }

  async doGenerate(options: SpeechModelV1CallOptions): Promise<SpeechModelV1Result> {
    const warnings: ModelWarning[] = [...this.warnings];
    const text = options.text ?? '';
    if (text.trim() === '') {
      throw new CinemaError({ message: `OpenAI ${this.modelId}: there is no text to speak.`, category: 'invalid_request' });
    }
    const limit = this.#capabilities.maxInputCharacters;
    if (text.length > limit) {
      throw new CinemaError({
        message: `OpenAI ${this.modelId} speaks at most ${limit} characters per call; this line has ${text.length}. Split the line in the script.`,
        category: 'invalid_request',
      });
    }
    const { voice, description, warning } = resolveVoice(options.voice, this.#capabilities, this.modelId);
    if (warning) warnings.push(warning);

    const instructionParts: string[] = [];
    if (description && this.#capabilities.supportsInstructions) instructionParts.push(`Voice: ${description}.`);
    if (options.instructions) instructionParts.push(options.instructions);
    const body: SpeechCreateParams = { model: this.modelId, input: text, voice, response_format: 'mp3' };
    if (instructionParts.length > 0) {
      if (this.#capabilities.supportsInstructions) body.instructions = instructionParts.join(' ');
      else if (options.instructions)
        warnings.push({
          type: 'unsupported-setting',
          setting: 'instructions',
          message: `${this.modelId} takes no instructions; "${options.instructions}" was not sent (gpt-4o-mini-tts does take them).`,
        });
    }
    if (this.#settings.speed != null) body.speed = this.#settings.speed;

    const site = callSite(this.#context, 'audio.speech', this.modelId, '/audio/speech');
    const client = this.#context.client();
    const response = await awaitResponse(() => client.audio.speech.create(body, requestOptions(options)), site);
    const data = await readBytes(response, site);
    if (!looksLikeMp3(data)) {
      const start = Buffer.from(data.subarray(0, 200)).toString('utf8');
      throw new InvalidResponseError({
        message: `OpenAI ${this.modelId} answered with ${data.length} bytes that are not MP3 (content-type ${response.headers.get('content-type') ?? 'none'}). They began: ${JSON.stringify(start)}.`,
      });
    }
    const durationSeconds = mp3DurationSeconds(data);
    const cost = speechCost(this.modelId, { text, durationSeconds });
    if (cost == null && this.warnings.length === 0) {
      warnings.push({ type: 'other', message: `No price known for OpenAI model "${this.modelId}"; cost reported as 0.` });
    }
    return {
      audio: { mediaType: 'audio/mpeg', data },
      costUsd: cost ?? 0,
      ...(durationSeconds != null ? { durationSeconds } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  /** Dollars to speak `text`: per character for tts-1*, per token (about 15 characters a second of audio) for gpt-4o-mini-tts. */
  estimateCost(options: Pick<SpeechModelV1CallOptions, 'text'>): number {
    return speechCost(this.modelId, { text: options.text }) ?? 0;
  }
}

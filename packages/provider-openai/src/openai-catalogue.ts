import type { ModelWarning } from '@cinema/core';
import { ConfigError } from '@cinema/core';

/** The kinds of model the OpenAI API serves that Cinema knows about. */
export type OpenAIModelKind = 'text' | 'image' | 'speech' | 'video';

/** Whether a model can be called today. */
export type OpenAIModelStatus = 'active' | 'deprecated' | 'retired';

export interface OpenAITextCapabilities {
  /** Whether `temperature` may be sent. Reasoning models (gpt-5 family) reject anything but the default. */
  supportsTemperature: boolean;
}

export interface OpenAIImageCapabilities {
  /** Reference images per `images.edit` call. GPT image models accept up to 16. */
  maxReferenceImages: number;
  /**
   * `'flexible'`: any `WxH` with both sides multiples of 16, up to `maxPixels`.
   * Otherwise the fixed list of sizes the model accepts.
   */
  sizes: 'flexible' | readonly string[];
  /** Largest side in pixels for flexible sizes. */
  maxSide?: number;
  /** Largest pixel count for flexible sizes. */
  maxPixels?: number;
  /** Aspect ratios Cinema can ask for without distortion. */
  aspectRatios: readonly string[];
}

export interface OpenAISpeechCapabilities {
  /** The model's fixed voice list. */
  voices: readonly string[];
  /** The voice used when none is given or the given one is unknown. */
  defaultVoice: string;
  /** Whether the model takes `instructions` (tone, accent, pace). */
  supportsInstructions: boolean;
  /** Longest `input` the endpoint accepts, in characters. */
  maxInputCharacters: number;
}

/** One row of the catalogue. */
export interface OpenAICatalogueEntry {
  kind: OpenAIModelKind;
  status: OpenAIModelStatus;
  /** ISO date the model was announced deprecated, when known. */
  deprecatedOn?: string;
  /** ISO date the model stopped (or stops) answering, when known. */
  retiredOn?: string;
  /** The model OpenAI recommends instead, when it is deprecated or retired. */
  replacement?: string;
  /** Where the status and dates come from. */
  source: string;
  text?: OpenAITextCapabilities;
  image?: OpenAIImageCapabilities;
  speech?: OpenAISpeechCapabilities;
}

const reference = 'Cinema provider reference (docs/provider-protocols.md), compiled 2026-11-24';

const chatModel = (supportsTemperature: boolean): OpenAICatalogueEntry => ({
  kind: 'text',
  status: 'active',
  source: 'developers.openai.com model pages (third-party copies, read 2026-11-24)',
  text: { supportsTemperature },
});

const flexibleImageModel: OpenAIImageCapabilities = {
  maxReferenceImages: 16,
  sizes: 'flexible',
  maxSide: 3840,
  maxPixels: 3840 * 2160,
  aspectRatios: ['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3', '21:9'],
};

const fixedImageModel: OpenAIImageCapabilities = {
  maxReferenceImages: 16,
  sizes: ['1024x1024', '1536x1024', '1024x1536'],
  aspectRatios: ['1:1', '3:2', '2:3'],
};

const ttsOneVoices = ['alloy', 'ash', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer'] as const;
const allVoices = [...ttsOneVoices, 'ballad', 'verse', 'marin', 'cedar'] as const;

/**
 * Every OpenAI model Cinema knows, by id: its kind, what it can do, and when it was deprecated or
 * retired. Ids not listed here still work (with a warning), so a new model needs no release.
 */
export const openaiCatalogue = {
  'gpt-5.2': chatModel(false),
  'gpt-5.1': chatModel(false),
  'gpt-5': chatModel(false),
  'gpt-5-mini': chatModel(false),
  'gpt-5-nano': chatModel(false),
  'gpt-4.1': chatModel(true),
  'gpt-4.1-mini': chatModel(true),
  'gpt-4.1-nano': chatModel(true),
  'gpt-4o': chatModel(true),
  'gpt-4o-mini': chatModel(true),

  'gpt-image-2': {
    kind: 'image',
    status: 'active',
    source: `${reference} §3.3 (sizes); snapshot gpt-image-2-2026-04-21`,
    image: flexibleImageModel,
  },
  'gpt-image-2.5-sunburst': {
    kind: 'image',
    status: 'active',
    source: `${reference} §0.2: recommended replacement for gpt-image-1; protocol unchanged for gpt-image-2*`,
    image: flexibleImageModel,
  },
  'gpt-image-2.6-sunburst': {
    kind: 'image',
    status: 'active',
    source: `${reference} §4: developers.openai.com/de-DE/…/gpt-image-2.6-sunburst`,
    image: flexibleImageModel,
  },
  'gpt-image-1-mini': {
    kind: 'image',
    status: 'deprecated',
    replacement: 'gpt-image-2',
    source: `${reference} §0.2: "gpt-image-1-mini is marked deprecated" (no shutdown date published)`,
    image: fixedImageModel,
  },
  'gpt-image-1': {
    kind: 'image',
    status: 'retired',
    retiredOn: '2026-10-23',
    replacement: 'gpt-image-2.5-sunburst',
    source: `${reference} §0.2: developers.openai.com/ja-JP/api/docs/models/gpt-image-1`,
    image: fixedImageModel,
  },
  'dall-e-3': {
    kind: 'image',
    status: 'retired',
    deprecatedOn: '2025-11-14',
    retiredOn: '2026-05-12',
    replacement: 'gpt-image-2',
    source: 'OpenAI deprecations page as reported by nerova.ai (2026-05-12); secondary',
  },
  'dall-e-2': {
    kind: 'image',
    status: 'retired',
    deprecatedOn: '2025-11-14',
    retiredOn: '2026-05-12',
    replacement: 'gpt-image-2',
    source: 'OpenAI deprecations page as reported by nerova.ai (2026-05-12); secondary',
  },

  'gpt-4o-mini-tts': {
    kind: 'speech',
    status: 'active',
    source: `${reference} §3.5`,
    speech: { voices: allVoices, defaultVoice: 'coral', supportsInstructions: true, maxInputCharacters: 4096 },
  },
  'tts-1': {
    kind: 'speech',
    status: 'active',
    source: `${reference} §3.5: instructions do not work with tts-1*`,
    speech: { voices: ttsOneVoices, defaultVoice: 'alloy', supportsInstructions: false, maxInputCharacters: 4096 },
  },
  'tts-1-hd': {
    kind: 'speech',
    status: 'active',
    source: `${reference} §3.5: instructions do not work with tts-1*`,
    speech: { voices: ttsOneVoices, defaultVoice: 'alloy', supportsInstructions: false, maxInputCharacters: 4096 },
  },

  'sora-2': {
    kind: 'video',
    status: 'retired',
    retiredOn: '2026-09-24',
    source: `${reference} §0.1: the Sora 2 models and the Videos API were shut down with no replacement`,
  },
  'sora-2-pro': {
    kind: 'video',
    status: 'retired',
    retiredOn: '2026-09-24',
    source: `${reference} §0.1: the Sora 2 models and the Videos API were shut down with no replacement`,
  },
} as const satisfies Record<string, OpenAICatalogueEntry>;

type CatalogueId = keyof typeof openaiCatalogue;
type IdsOfKind<Kind extends OpenAIModelKind, Status extends OpenAIModelStatus = 'active' | 'deprecated'> = {
  [Id in CatalogueId]: (typeof openaiCatalogue)[Id] extends { kind: Kind; status: Status } ? Id : never;
}[CatalogueId];

/** Text model ids; any other string is accepted too (new models, OpenAI-compatible servers). */
export type OpenAITextModelId = IdsOfKind<'text'> | (string & {});
/** Image model ids; any other string is accepted too. Retired ids are left out of the suggestions. */
export type OpenAIImageModelId = IdsOfKind<'image'> | (string & {});
/** Speech model ids; any other string is accepted too. */
export type OpenAISpeechModelId = IdsOfKind<'speech'> | (string & {});

/** The catalogue row for a model id, or undefined for ids Cinema does not know. */
export function getOpenAIModelInfo(modelId: string): OpenAICatalogueEntry | undefined {
  return Object.hasOwn(openaiCatalogue, modelId) ? (openaiCatalogue as Record<string, OpenAICatalogueEntry>)[modelId] : undefined;
}

const methodForKind: Record<OpenAIModelKind, string> = {
  text: 'textModel',
  image: 'imageModel',
  speech: 'speechModel',
  video: 'videoModel',
};

/** The catalogue entry (if any) and the warnings to attach to a model made for `modelId`. */
export interface ResolvedOpenAIModel {
  entry: OpenAICatalogueEntry | undefined;
  warnings: ModelWarning[];
}

/**
 * Looks a model id up for a kind. Throws a `ConfigError` naming the replacement for a retired
 * model, or the right factory method for a model of another kind; warns for deprecated and unknown ids.
 */
export function resolveOpenAIModel(kind: OpenAIModelKind, modelId: string): ResolvedOpenAIModel {
  if (typeof modelId !== 'string' || modelId.trim() === '') {
    throw new ConfigError({ message: `openai.${methodForKind[kind]}() needs a model id, got ${JSON.stringify(modelId)}.` });
  }
  const entry = getOpenAIModelInfo(modelId);
  if (entry == null) {
    return {
      entry,
      warnings: [
        {
          type: 'other',
          setting: 'modelId',
          message:
            `OpenAI ${kind} model "${modelId}" is not in Cinema's catalogue: it is sent as given, with default capabilities ` +
            'and no price (cost reported as 0). Check the id, or ignore this for an OpenAI-compatible server.',
        },
      ],
    };
  }
  if (entry.status === 'retired') {
    const when = entry.retiredOn ? ` on ${entry.retiredOn}` : '';
    const instead =
      entry.replacement != null
        ? ` Use ${methodForKind[entry.kind]}('${entry.replacement}') instead.`
        : entry.kind === 'video'
          ? ' OpenAI offers no replacement: the Videos API was shut down too. Use a video model from another provider (e.g. @cinema/provider-fal).'
          : ' OpenAI names no replacement.';
    throw new ConfigError({
      message: `OpenAI model "${modelId}" was retired${when} and no longer answers.${instead}`,
      path: 'modelId',
    });
  }
  if (entry.kind !== kind) {
    throw new ConfigError({
      message: `OpenAI model "${modelId}" is a ${entry.kind} model, not a ${kind} model: use openai.${methodForKind[entry.kind]}('${modelId}').`,
      path: 'modelId',
    });
  }
  const warnings: ModelWarning[] = [];
  if (entry.status === 'deprecated') {
    const until = entry.retiredOn ? ` and stops working on ${entry.retiredOn}` : '';
    const instead = entry.replacement ? `; move to "${entry.replacement}"` : '';
    warnings.push({ type: 'other', setting: 'modelId', message: `OpenAI model "${modelId}" is deprecated${until}${instead}.` });
  }
  return { entry, warnings };
}

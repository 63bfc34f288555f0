/**
 * OpenAI list prices in US dollars, as dated data. Prices drift: every row names its source, the
 * day it was read and how sure we are, and the table carries a version so a cost report can say
 * which prices it used.
 */

/** How a price was established. */
export type PriceConfidence =
  /** Read on an official OpenAI page (or a stored copy of one). */
  | 'official'
  /** A third-party copy of OpenAI's pricing page. */
  | 'secondary'
  /** Derived by Cinema from other figures; see the row's note. */
  | 'derived';

export interface PriceProvenance {
  source: string;
  /** ISO date the source was read. */
  retrieved: string;
  confidence: PriceConfidence;
  note?: string;
}

/** Chat models: dollars per million tokens. */
export interface OpenAITextPrice extends PriceProvenance {
  inputPerMillion: number;
  /** Prompt tokens served from OpenAI's cache. Default: the input price. */
  cachedInputPerMillion?: number;
  outputPerMillion: number;
}

/** GPT image models: dollars per million tokens, as reported in the response's `usage`. */
export interface OpenAIImagePrice extends PriceProvenance {
  textInputPerMillion: number;
  imageInputPerMillion: number;
  imageOutputPerMillion: number;
}

/** Speech models: per million input characters (tts-1*) or per million tokens (gpt-4o-mini-tts). */
export type OpenAISpeechPrice =
  | (PriceProvenance & { unit: 'characters'; perMillionCharacters: number })
  | (PriceProvenance & {
      unit: 'tokens';
      textInputPerMillion: number;
      audioOutputPerMillion: number;
      /** Audio output tokens per second of speech, used to price the audio the API returns. */
      audioTokensPerSecond: number;
    });

const reference = 'Cinema provider reference §4 (docs/provider-protocols.md), compiled 2026-11-24';
const textSource =
  'third-party copies of openai.com/api/pricing (github/docs data/tables/copilot/models-and-pricing.yml; ' +
  'SciCode show_pricing.py); not in the 2026-11-24 reference';

const text = (inputPerMillion: number, cachedInputPerMillion: number, outputPerMillion: number): OpenAITextPrice => ({
  inputPerMillion,
  cachedInputPerMillion,
  outputPerMillion,
  source: textSource,
  retrieved: '2026-11-24',
  confidence: 'secondary',
});

/** The price table. `version` is the day it was compiled. */
export const openaiPrices = {
  version: '2026-11-24',
  text: {
    'gpt-5.2': text(1.75, 0.175, 14),
    'gpt-5.1': text(1.25, 0.125, 10),
    'gpt-5': text(1.25, 0.125, 10),
    'gpt-5-mini': text(0.25, 0.025, 2),
    'gpt-5-nano': text(0.05, 0.005, 0.4),
    'gpt-4.1': text(2, 0.5, 8),
    'gpt-4.1-mini': text(0.4, 0.1, 1.6),
    'gpt-4.1-nano': text(0.1, 0.025, 0.4),
    'gpt-4o': text(2.5, 1.25, 10),
    'gpt-4o-mini': text(0.15, 0.075, 0.6),
  } as Record<string, OpenAITextPrice>,
  image: {
    'gpt-image-2': {
      textInputPerMillion: 5,
      imageInputPerMillion: 8,
      imageOutputPerMillion: 30,
      source: 'xairouter.com/en/models/gpt-image-2 (copy of the official model and pricing pages)',
      retrieved: '2026-11-24',
      confidence: 'secondary',
    },
    'gpt-image-2.6-sunburst': {
      textInputPerMillion: 5,
      imageInputPerMillion: 8,
      imageOutputPerMillion: 30,
      source: `${reference}: developers.openai.com/de-DE/…/gpt-image-2.6-sunburst`,
      retrieved: '2026-11-24',
      confidence: 'official',
    },
    'gpt-image-2.5-sunburst': {
      textInputPerMillion: 5,
      imageInputPerMillion: 8,
      imageOutputPerMillion: 30,
      source: 'assumed equal to gpt-image-2 and gpt-image-2.6-sunburst; no published figure found',
      retrieved: '2026-11-24',
      confidence: 'derived',
    },
    'gpt-image-1-mini': {
      textInputPerMillion: 2,
      imageInputPerMillion: 2.5,
      imageOutputPerMillion: 8,
      source: `${reference}: developers.openai.com/de-DE/…/gpt-image-1-mini`,
      retrieved: '2026-11-24',
      confidence: 'official',
    },
  } as Record<string, OpenAIImagePrice>,
  speech: {
    'tts-1': {
      unit: 'characters',
      perMillionCharacters: 15,
      source: `${reference}: developers.openai.com/api/docs/models/tts-1`,
      retrieved: '2026-11-24',
      confidence: 'official',
    },
    'tts-1-hd': {
      unit: 'characters',
      perMillionCharacters: 30,
      source: `${reference}: developers.openai.com/api/docs/models/tts-1`,
      retrieved: '2026-11-24',
      confidence: 'official',
    },
    'gpt-4o-mini-tts': {
      unit: 'tokens',
      textInputPerMillion: 0.6,
      audioOutputPerMillion: 12,
      audioTokensPerSecond: 1250 / 60,
      source: `${reference}: developers.openai.com/ja-JP/…/gpt-4o-mini-tts`,
      retrieved: '2026-11-24',
      confidence: 'official',
      note: 'The speech endpoint reports no usage. Audio tokens per second are derived from OpenAI\'s "about $0.015 per minute" estimate (0.015 / $12 per 1M = 1,250 tokens a minute).',
    },
  } as Record<string, OpenAISpeechPrice>,
} as const;

/**
 * Output tokens a GPT image model spends on one 1024×1024 picture, by quality (gpt-image-1 family
 * figures from OpenAI's image generation guide). Used to estimate before a call; the bill itself
 * comes from the response's `usage`.
 */
export const imageOutputTokensPerMegapixel: Record<'low' | 'medium' | 'high', number> = { low: 272, medium: 1056, high: 4160 };

/** Image input tokens assumed per reference image when estimating (high input fidelity). An assumption, not a price-page figure. */
export const estimatedTokensPerReferenceImage = 1500;

/** Rough tokens in a text: four characters a token, the usual English rule of thumb. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Dollars for a chat completion's usage, or undefined when the model has no price row. */
export function textCost(
  modelId: string,
  usage: { inputTokens: number; cachedInputTokens?: number; outputTokens: number },
): number | undefined {
  const price = openaiPrices.text[modelId];
  if (price == null) return undefined;
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  return (
    ((usage.inputTokens - cached) * price.inputPerMillion +
      cached * (price.cachedInputPerMillion ?? price.inputPerMillion) +
      usage.outputTokens * price.outputPerMillion) /
    1_000_000
  );
}

/** Dollars for an image call's usage, or undefined when the model has no price row. */
export function imageCost(
  modelId: string,
  usage: { textInputTokens: number; imageInputTokens: number; outputTokens: number },
): number | undefined {
  const price = openaiPrices.image[modelId];
  if (price == null) return undefined;
  return (
    (usage.textInputTokens * price.textInputPerMillion +
      usage.imageInputTokens * price.imageInputPerMillion +
      usage.outputTokens * price.imageOutputPerMillion) /
    1_000_000
  );
}

/** Dollars for speaking `text`, or undefined when the model has no price row. */
export function speechCost(modelId: string, options: { text: string; durationSeconds?: number }): number | undefined {
  const price = openaiPrices.speech[modelId];
  if (price == null) return undefined;
  if (price.unit === 'characters') return (options.text.length * price.perMillionCharacters) / 1_000_000;
  // About 15 characters a second of speech when the audio's length is not known yet.
  const seconds = options.durationSeconds ?? options.text.length / 15;
  return (estimateTokens(options.text) * price.textInputPerMillion + seconds * price.audioTokensPerSecond * price.audioOutputPerMillion) / 1_000_000;
}

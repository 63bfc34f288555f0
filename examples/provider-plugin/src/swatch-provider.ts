import { createHash } from 'node:crypto';
import {
  CinemaError,
  InvalidInputError,
  type ImageModelV1,
  type ImageModelV1CallOptions,
  type ImageModelV1Result,
  type ProviderV1,
  type SpeechModelV1,
  type SpeechModelV1CallOptions,
  type SpeechModelV1Result,
} from '@cinema/core';
import { encodePng } from './png.js';
import { encodeToneWav } from './wav.js';

export interface SwatchProviderSettings {
  /** Dollars charged per picture, to try budgets without spending. Default: 0. */
  costPerImageUsd?: number;
}

export type SwatchImageModelId = 'swatch' | 'gradient' | (string & {});

/** Picture sizes per aspect ratio; small, because a swatch has no detail to show. */
const sizes: Record<string, { width: number; height: number }> = {
  '16:9': { width: 320, height: 180 },
  '1:1': { width: 240, height: 240 },
  '9:16': { width: 180, height: 320 },
};

function colourOf(text: string): [number, number, number] {
  const digest = createHash('sha256').update(text).digest();
  return [digest[0]!, digest[1]!, digest[2]!];
}

/** Draws the prompt as a colour: the same prompt gives the same swatch; a reference tints it. */
class SwatchImageModel implements ImageModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'swatch';
  readonly capabilities = { maxReferenceImages: 4, aspectRatios: Object.keys(sizes), supportsSeed: true };

  constructor(
    readonly modelId: SwatchImageModelId,
    private readonly settings: SwatchProviderSettings,
  ) {}

  estimateCost() {
    return this.settings.costPerImageUsd ?? 0;
  }

  async doGenerate(options: ImageModelV1CallOptions): Promise<ImageModelV1Result> {
    options.abortSignal?.throwIfAborted();
    const size = sizes[options.aspectRatio];
    if (!size) {
      throw new InvalidInputError({ message: `swatch draws ${Object.keys(sizes).join(', ')} pictures, not "${options.aspectRatio}".` });
    }
    const [red, green, blue] = colourOf(`${options.prompt}\n${options.seed ?? ''}`);
    const tint = options.referenceImages.length > 0 ? colourOf(options.referenceImages.map((image) => image.label ?? image.path).join()) : undefined;
    const gradient = this.modelId === 'gradient';
    const data = encodePng(size.width, size.height, (x, y) => {
      const shade = gradient ? x / size.width : 1;
      const mixed: [number, number, number] = [red * shade, green * shade, blue * shade];
      if (tint && y > size.height * 0.8) return tint;
      return mixed.map(Math.round) as [number, number, number];
    });
    return { images: [{ mediaType: 'image/png', data }], costUsd: this.estimateCost() };
  }
}

/** A "voice" that hums each line: one tone per speaker, as long as the line takes to say. */
class ToneSpeechModel implements SpeechModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'swatch';
  readonly modelId = 'tone';
  readonly voices = ['low', 'mid', 'high'] as const;

  async doGenerate(options: SpeechModelV1CallOptions): Promise<SpeechModelV1Result> {
    options.abortSignal?.throwIfAborted();
    const words = options.text.trim().split(/\s+/).filter(Boolean).length;
    if (words === 0) throw new InvalidInputError({ message: 'swatch cannot hum an empty line: give the line some words.' });
    const frequency = { low: 180, mid: 260, high: 380 }[options.voice as 'low' | 'mid' | 'high'] ?? 260;
    const durationSeconds = Math.max(0.6, words / 2.5);
    return { audio: { mediaType: 'audio/wav', data: encodeToneWav(durationSeconds, frequency) }, durationSeconds, costUsd: 0 };
  }
}

export interface SwatchProvider extends ProviderV1 {
  imageModel(modelId?: SwatchImageModelId): ImageModelV1;
  speechModel(modelId?: 'tone' | (string & {})): SpeechModelV1;
}

/** The factory every provider offers: settings in, a provider that hands out models by id. */
export function createSwatch(settings: SwatchProviderSettings = {}): SwatchProvider {
  if (settings.costPerImageUsd !== undefined && !(settings.costPerImageUsd >= 0)) {
    throw new CinemaError({ message: 'createSwatch: costPerImageUsd must be a number of dollars, 0 or more.', category: 'config' });
  }
  return {
    specificationVersion: 'v1',
    name: 'swatch',
    imageModel: (modelId = 'swatch') => new SwatchImageModel(modelId, settings),
    speechModel: () => new ToneSpeechModel(),
  };
}

/** The default instance, for `import { swatch } from 'cinema-provider-swatch'`. */
export const swatch = createSwatch();

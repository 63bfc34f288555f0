import type { ImageModelV1 } from './image-model-v1.js';
import type { SpeechModelV1 } from './speech-model-v1.js';
import type { TextModelV1 } from './text-model-v1.js';
import type { VideoModelV1 } from './video-model-v1.js';

/** A provider hands out models by id. Kinds it does not offer are left out. */
export interface ProviderV1 {
  readonly specificationVersion: 'v1';
  /** Short name used for limits and cost reports, e.g. `fal`. */
  readonly name: string;
  textModel?(modelId: string): TextModelV1;
  imageModel?(modelId: string): ImageModelV1;
  videoModel?(modelId: string): VideoModelV1;
  speechModel?(modelId: string): SpeechModelV1;
}

export type AnyModelV1 = TextModelV1 | ImageModelV1 | VideoModelV1 | SpeechModelV1;

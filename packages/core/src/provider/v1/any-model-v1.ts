import type { ImageModelV1 } from './image-model-v1.js';
import type { SpeechModelV1 } from './speech-model-v1.js';
import type { TextModelV1 } from './text-model-v1.js';
import type { VideoModelV1 } from './video-model-v1.js';

/**
 * A model of any kind, for code that only needs what they share: `specificationVersion`,
 * `provider`, `modelId`, `validate` and `estimateCost`.
 */
export type AnyModelV1 = TextModelV1 | ImageModelV1 | VideoModelV1 | SpeechModelV1;

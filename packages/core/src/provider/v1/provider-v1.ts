import type { ImageModelV1 } from './image-model-v1.js';
import type { SpeechModelV1 } from './speech-model-v1.js';
import type { TextModelV1 } from './text-model-v1.js';
import type { VideoModelV1 } from './video-model-v1.js';

/**
 * A provider hands out models by id, e.g.
 * `fal.videoModel('fal-ai/kling-video/v2.1/pro/image-to-video')` in `cinema.config.ts`. A provider
 * package exports a factory (`createFal(settings?)`) and a default instance (`fal`). Kinds it does
 * not offer are left out. `runProviderConformance` from `@cinema/core/testing` checks every model
 * it hands out against what the orchestrator relies on.
 */
export interface ProviderV1 {
  /** The provider spec this provider speaks. */
  readonly specificationVersion: 'v1';
  /**
   * Short name of the provider, e.g. `fal`: every model it hands out carries it as its `provider`,
   * which names the lane that `limits` and cost reports key on.
   */
  readonly name: string;
  /**
   * The text model with this id. Type ids as an open union (`'known-id' | (string & {})`) so that
   * editors complete the known ones and a model released later still works: fal and OpenAI try an
   * id they do not know, with a warning on its results. Default: no text models.
   */
  textModel?(modelId: string): TextModelV1;
  /** The image model with this id (see `textModel` for unknown ids). Default: no image models. */
  imageModel?(modelId: string): ImageModelV1;
  /** The video model with this id (see `textModel` for unknown ids). Default: no video models. */
  videoModel?(modelId: string): VideoModelV1;
  /** The speech model with this id (see `textModel` for unknown ids). Default: no speech models. */
  speechModel?(modelId: string): SpeechModelV1;
}

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderV1 } from '@cinema/core';
import { AnimaticImageModel, type AnimaticImageModelId } from './animatic-image-model.js';
import { AnimaticSpeechModel, type AnimaticSpeechModelId } from './animatic-speech-model.js';
import { AnimaticTextModel, type AnimaticTextModelId } from './animatic-text-model.js';
import { AnimaticVideoModel, type AnimaticVideoModelId } from './animatic-video-model.js';

export interface AnimaticProviderSettings {
  /** Folder for cached stills and rendered clips. Default: `<os tmpdir>/cinema-animatic`. */
  cacheDir?: string;
  /** ffmpeg to render clips with. Default: what `findFfmpeg()` of `@cinema/postprod-ffmpeg` finds. */
  ffmpegPath?: string;
  /** ffprobe to go with it. Default: what `findFfmpeg()` finds. */
  ffprobePath?: string;
}

/** The animatic provider: offline, keyless, deterministic and free. */
export interface AnimaticProvider extends ProviderV1 {
  readonly name: 'animatic';
  textModel(modelId?: AnimaticTextModelId): AnimaticTextModel;
  imageModel(modelId?: AnimaticImageModelId): AnimaticImageModel;
  videoModel(modelId?: AnimaticVideoModelId): AnimaticVideoModel;
  speechModel(modelId?: AnimaticSpeechModelId): AnimaticSpeechModel;
}

/**
 * Creates the animatic provider: a writer that reads Fountain or prose by rules, a storyboard
 * artist that draws PNG character sheets and keyframes, an ffmpeg camera that moves over them, and
 * eSpeak NG voices (from `@cinema/speech-espeak`, loaded when installed). No keys, no network,
 * cost 0, same input → same output.
 */
export function createAnimatic(settings: AnimaticProviderSettings = {}): AnimaticProvider {
  const cacheDir = settings.cacheDir ?? join(tmpdir(), 'cinema-animatic');
  const videoSettings = {
    cacheDir,
    ...(settings.ffmpegPath ? { ffmpegPath: settings.ffmpegPath } : {}),
    ...(settings.ffprobePath ? { ffprobePath: settings.ffprobePath } : {}),
  };
  return {
    specificationVersion: 'v1',
    name: 'animatic',
    textModel: (modelId = 'writer') => new AnimaticTextModel(modelId),
    imageModel: (modelId = 'storyboard') => new AnimaticImageModel(modelId),
    videoModel: (modelId = 'ken-burns') => new AnimaticVideoModel(modelId, videoSettings),
    speechModel: (modelId = 'espeak-ng') => new AnimaticSpeechModel(modelId),
  };
}

/** The default animatic provider (cache in the OS temp folder, ffmpeg found automatically). */
export const animatic: AnimaticProvider = createAnimatic();

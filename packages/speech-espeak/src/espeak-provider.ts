import type { ProviderV1 } from '@cinema/core';
import { EspeakSpeechModel, type EspeakSpeechModelId } from './espeak-speech-model.js';

export interface EspeakProviderSettings {
  /**
   * Voice for a line whose character has none (a writer that casts no voices). Default: the first
   * preset, `en-us+f3 pitch=62 speed=165`.
   */
  defaultVoice?: string;
}

/** The eSpeak NG provider: offline, keyless, deterministic and free speech. */
export interface EspeakProvider extends ProviderV1 {
  readonly name: 'espeak';
  speechModel(modelId?: EspeakSpeechModelId): EspeakSpeechModel;
}

/**
 * Creates the eSpeak NG provider. Its one speech model speaks each line into a WAV with eSpeak NG
 * compiled to WebAssembly: no keys, no network, cost 0, same line → same bytes.
 */
export function createEspeak(settings: EspeakProviderSettings = {}): EspeakProvider {
  return {
    specificationVersion: 'v1',
    name: 'espeak',
    speechModel: (modelId = 'espeak-ng') => new EspeakSpeechModel(modelId, settings),
  };
}

/** The default eSpeak NG provider (the first preset voice for lines whose character has none). */
export const espeak: EspeakProvider = createEspeak();

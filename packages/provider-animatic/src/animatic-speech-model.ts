import type { SpeechModelV1, SpeechModelV1CallOptions, SpeechModelV1Result } from '@cinema/core';
import { loadEspeakSpeechModel, type ImportModule } from './espeak-package.js';
import { animaticVoices } from './voices.js';

/** Speech model ids of the animatic. There is one; any other id gets the same one. */
export type AnimaticSpeechModelId = 'espeak-ng' | (string & {});

/**
 * The animatic's voices: speaks each line with the eSpeak NG model of `@cinema/speech-espeak`,
 * loaded on the first call when that package is installed (the CLI installs it). Without it,
 * `validate` and `doGenerate` throw a ConfigError naming the package to install. The model reports
 * itself as `animatic`, so the animatic's limits still apply to its lines, and it knows its voices
 * and its cost (0) without loading anything.
 */
export class AnimaticSpeechModel implements SpeechModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'animatic';
  readonly modelId: string;
  readonly voices: readonly string[] = animaticVoices;
  private speaker: Promise<SpeechModelV1> | undefined;

  /** `importModule` loads `@cinema/speech-espeak`. Default: Node's `import()`. */
  constructor(
    modelId: AnimaticSpeechModelId = 'espeak-ng',
    private readonly importModule?: ImportModule,
  ) {
    this.modelId = modelId;
  }

  async validate(): Promise<void> {
    await this.load();
  }

  async doGenerate(options: SpeechModelV1CallOptions): Promise<SpeechModelV1Result> {
    options.abortSignal?.throwIfAborted();
    return (await this.load()).doGenerate(options);
  }

  estimateCost(): number {
    return 0;
  }

  private load(): Promise<SpeechModelV1> {
    this.speaker ??= loadEspeakSpeechModel(this.modelId, this.importModule).catch((error: unknown) => {
      this.speaker = undefined;
      throw error;
    });
    return this.speaker;
  }
}

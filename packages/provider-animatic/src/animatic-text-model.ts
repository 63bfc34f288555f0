import { type SceneDraftInput, UnsupportedFunctionalityError, type TextModelV1, type TextModelV1CallOptions, type TextModelV1Result } from '@cinema/core';
import { enhanceScreenplay, parseEnhancementPrompt } from './screenplay/enhance-screenplay.js';
import { enhanceScene, writeScene } from './screenplay/scene-writer.js';
import { scriptToScreenplay } from './screenplay/script-to-screenplay.js';

/** Text model ids of the animatic. There is one writer; any other id gets the same one. */
export type AnimaticTextModelId = 'writer' | (string & {});

/**
 * The animatic's writer: reads a Fountain or prose script into a screenplay by fixed rules
 * (`schemaName: 'screenplay'`), or one scene of it (`'screenplay-scene'`, as the screenplay stage
 * asks) and its title and logline (`'screenplay-overview'`), and fills visual prompts
 * (`'screenplay-enhancement'`, `'screenplay-scene-enhancement'`).
 * The `system` prompt is not used.
 */
export class AnimaticTextModel implements TextModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'animatic';
  readonly modelId: string;

  constructor(modelId: AnimaticTextModelId = 'writer') {
    this.modelId = modelId;
  }

  async doGenerate(options: TextModelV1CallOptions): Promise<TextModelV1Result> {
    options.abortSignal?.throwIfAborted();
    switch (options.schemaName) {
      case 'screenplay':
        return { object: scriptToScreenplay(options.prompt), costUsd: 0 };
      case 'screenplay-enhancement':
        return { object: enhanceScreenplay(parseEnhancementPrompt(options.prompt)), costUsd: 0 };
      case 'screenplay-scene':
        return { object: writeScene(options.prompt), costUsd: 0 };
      case 'screenplay-scene-enhancement':
        return { object: enhanceScene(JSON.parse(options.prompt) as SceneDraftInput), costUsd: 0 };
      case 'screenplay-overview': {
        const { title, logline, visualStyle } = scriptToScreenplay(options.prompt);
        return { object: { title, logline, visualStyle }, costUsd: 0 };
      }
      default:
        throw new UnsupportedFunctionalityError({
          message: `The animatic writer cannot produce "${options.schemaName}": it only answers the schemas "screenplay", "screenplay-scene", "screenplay-overview" and their enhancements. Use a language model provider for other text.`,
        });
    }
  }

  estimateCost(): number {
    return 0;
  }
}

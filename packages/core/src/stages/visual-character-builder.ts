import type { Job, JobSpec } from '../job-store/v1/index.js';
import { validateModel } from './stage-checks.js';
import { ConfigError } from '../errors/index.js';
import { movieLayout } from '../movie/layout.js';
import { resolveImageCapabilities } from '../provider/resolve-capabilities.js';
import type { ImageModelV1 } from '../provider/v1/index.js';
import type { JobContext, JobOutcome, PlanContext, Stage } from '../pipeline/v1/index.js';
import { hashJson } from '../util/hash.js';
import { characterViews, jobKeys, type CharacterView } from './job-keys.js';
import { cancelOperation, costOf, firstImage, generateImage, reportWarnings } from './model-calls.js';
import { characterContext, characterSheetPrompt } from './prompts.js';

export interface VisualCharacterBuilderOptions {
  model: ImageModelV1;
  /** Default: front, side and full body. */
  views?: readonly CharacterView[];
  maxAttempts?: number;
}

interface CharacterJobInput {
  characterId: string;
  view: CharacterView;
  prompt: string;
  /** Keys of sheets passed as references (the front view, for the other views). */
  references: string[];
  [key: string]: string | string[];
}

/** Character reference sheets. The side and full-body views take the front view as a reference when the model accepts one. */
export class VisualCharacterBuilder implements Stage {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'characters';
  constructor(private readonly options: VisualCharacterBuilderOptions) {}

  async validate() {
    const { model } = this.options;
    await validateModel(this.name, model);
    if (resolveImageCapabilities(model).requiresReferenceImage) {
      throw new ConfigError({
        message:
          `Stage ${this.name}: model ${model.provider}/${model.modelId} edits a reference image, but a character's front sheet has none to start from. ` +
          'Set models.characters to a text-to-image model (e.g. fal-ai/flux/dev) and keep this one for models.keyframes.',
        path: 'models.characters',
      });
    }
  }

  plan({ screenplay, settings, producerOf }: PlanContext): JobSpec[] {
    if (!screenplay) return [];
    const { model } = this.options;
    const views = this.options.views ?? characterViews;
    const takesReference = resolveImageCapabilities(model).maxReferenceImages > 0 && views.includes('front');
    return screenplay.characters.flatMap((character) =>
      views.map((view): JobSpec => {
        const references = takesReference && view !== 'front' ? [jobKeys.character(character.id, 'front')] : [];
        const input: CharacterJobInput = { characterId: character.id, view, prompt: characterSheetPrompt(screenplay, character, view), references };
        return {
          key: jobKeys.character(character.id, view),
          stage: this.name,
          lane: model.provider,
          input,
          inputHash: hashJson(input),
          dependsOn: [producerOf({ kind: 'screenplay' }) ?? jobKeys.screenplay, ...references],
          priority: -50,
          maxAttempts: this.options.maxAttempts,
          characterId: character.id,
          produces: { kind: 'character-sheet', characterId: character.id, view },
          estimatedCostUsd: model.estimateCost?.({ prompt: input.prompt, aspectRatio: settings.aspectRatio, referenceImages: [] }) ?? 0,
        };
      }),
    );
  }

  async run(job: Job, context: JobContext): Promise<JobOutcome> {
    const { model } = this.options;
    const input = job.input as CharacterJobInput;
    const character = context.screenplay?.characters.find((candidate) => candidate.id === input.characterId);
    const referenceImages = await Promise.all(
      input.references.map((key) => context.readAsset(context.dependency(key).outputs[0]!.path, `${input.characterId} front`)),
    );
    const result = await generateImage(
      model,
      {
        prompt: context.override?.prompt ?? input.prompt,
        referenceImages,
        ...(context.override?.seed !== undefined ? { seed: context.override.seed } : {}),
        aspectRatio: resolveImageCapabilities(model).aspectRatios.includes('1:1') ? '1:1' : context.settings.aspectRatio,
        idempotencyKey: context.idempotencyKey,
        abortSignal: context.abortSignal,
        context: {
          purpose: 'character',
          view: input.view,
          characters: character ? characterContext([character]) : [],
          caption: character?.name,
        },
      },
      job,
      context,
    );
    reportWarnings(context, model, result.warnings);
    const output = await context.writeAsset(movieLayout.character(input.characterId, input.view), firstImage(result, model));
    return { outputs: [output], costUsd: costOf(result), expect: [{ kind: 'image', path: output.path }] };
  }

  async cancel(job: Job) {
    await cancelOperation(this.options.model, job);
  }
}

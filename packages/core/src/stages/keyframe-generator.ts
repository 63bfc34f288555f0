import type { Job, JobSpec } from '../job-store/v1/index.js';
import { requireAspectRatio, validateModel } from './stage-checks.js';
import { movieLayout } from '../movie/layout.js';
import { resolveImageCapabilities } from '../provider/resolve-capabilities.js';
import type { ImageModelV1, VideoMode } from '../provider/v1/index.js';
import type { Scene, Screenplay, Shot } from '../screenplay/screenplay-schema.js';
import type { JobContext, JobOutcome, MovieSettings, PlanContext, Stage } from '../pipeline/v1/index.js';
import { hashJson } from '../util/hash.js';
import { characterViews, jobKeys, type KeyframeKind } from './job-keys.js';
import { cancelOperation, costOf, firstImage, generateImage, reportWarnings } from './model-calls.js';
import { characterContext, keyframePrompt, shotCharacters } from './prompts.js';

export interface KeyframeGeneratorOptions {
  model: ImageModelV1;
  /**
   * Which frames to draw. Default: what the video model can use (first and last frames for
   * first+last interpolation, the first frame for image-to-video), plus a transition frame for
   * shots that dissolve or fade into the next. `'all'` draws every kind for every shot.
   */
  videoModes?: readonly VideoMode[] | 'all';
  /**
   * Draws the keyframes of shots with no character sheet to refer to, when `model` edits a
   * reference image (Kontext and the like refuse a call without one). Default: none; the built-in
   * pipeline passes the character-sheet model, which draws from text.
   */
  modelWithoutReferences?: ImageModelV1;
  /** What the judge's look at each keyframe is expected to cost (`models.judge`), added to its estimate. Default: 0. */
  judgeCostUsd?: number;
  maxAttempts?: number;
}

interface KeyframeJobInput {
  sceneId: string;
  shotId: string;
  frame: KeyframeKind;
  prompt: string;
  path: string;
  /** Jobs of the character sheets passed as references, in order, with what each shows. */
  references: { key: string; label: string }[];
  [key: string]: string | { key: string; label: string }[];
}

/** The frames a shot needs, given what the video model can do. */
export function keyframesFor(shot: Shot, isLastShot: boolean, videoModes: readonly VideoMode[] | 'all'): KeyframeKind[] {
  const all = videoModes === 'all';
  const frames: KeyframeKind[] = [];
  if (all || videoModes.includes('image-to-video') || videoModes.includes('first-last-frame')) frames.push('first_frame');
  if (all || videoModes.includes('first-last-frame')) {
    frames.push('last_frame');
    if (shot.transition !== 'cut' && !isLastShot) frames.push('transition_frame');
  }
  return frames;
}

export function shotStem(scene: Scene, shot: Shot): string {
  return movieLayout.shotStem(scene.id, shot.id, scene.shots.indexOf(shot));
}

/** Every shot of the film in order, with its scene. */
export function shotsOf(screenplay: Screenplay): { scene: Scene; shot: Shot; sceneIndex: number; isLastShot: boolean }[] {
  const list = screenplay.scenes.flatMap((scene, sceneIndex) => scene.shots.map((shot) => ({ scene, shot, sceneIndex, isLastShot: false })));
  if (list.length > 0) list[list.length - 1]!.isLastShot = true;
  return list;
}

/** Keyframes per shot, drawn with the characters' sheets as references so faces stay the same. */
export class KeyframeGenerator implements Stage {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'keyframes';
  constructor(private readonly options: KeyframeGeneratorOptions) {}

  async validate(settings: MovieSettings) {
    for (const model of [this.options.model, this.fallbackModel].filter((candidate): candidate is ImageModelV1 => candidate !== undefined)) {
      await validateModel(this.name, model);
      requireAspectRatio(this.name, model, resolveImageCapabilities(model).aspectRatios, settings.aspectRatio);
    }
  }

  /** The model for a shot with no references, when the main one cannot draw without. */
  private get fallbackModel(): ImageModelV1 | undefined {
    return resolveImageCapabilities(this.options.model).requiresReferenceImage ? this.options.modelWithoutReferences : undefined;
  }

  private modelFor(referenceCount: number): ImageModelV1 {
    return referenceCount === 0 ? (this.fallbackModel ?? this.options.model) : this.options.model;
  }

  plan({ screenplay, settings, producerOf }: PlanContext): JobSpec[] {
    if (!screenplay) return [];
    const screenplayKey = producerOf({ kind: 'screenplay' }) ?? jobKeys.screenplay;
    const maxReferences = resolveImageCapabilities(this.options.model).maxReferenceImages;
    const specs: JobSpec[] = [];
    for (const { scene, shot, sceneIndex, isLastShot } of shotsOf(screenplay)) {
      const characters = shotCharacters(screenplay, scene, shot);
      // Front views of everyone first, then side, then full body, up to what the model accepts.
      const references = characterViews
        .flatMap((view) => characters.map((character) => ({ key: producerOf({ kind: 'character-sheet', characterId: character.id, view }), label: `${character.id} ${view}` })))
        .filter((reference): reference is { key: string; label: string } => reference.key !== undefined)
        .slice(0, maxReferences);
      for (const frame of keyframesFor(shot, isLastShot, this.options.videoModes ?? 'all')) {
        const input: KeyframeJobInput = {
          sceneId: scene.id,
          shotId: shot.id,
          frame,
          prompt: keyframePrompt(screenplay, scene, shot, frame),
          path: movieLayout.keyframe(shotStem(scene, shot), frame),
          references,
        };
        specs.push({
          key: jobKeys.keyframe(scene.id, shot.id, frame),
          stage: this.name,
          lane: this.modelFor(references.length).provider,
          input,
          inputHash: hashJson(input),
          dependsOn: [screenplayKey, ...references.map((reference) => reference.key)],
          priority: sceneIndex,
          maxAttempts: this.options.maxAttempts,
          sceneId: scene.id,
          produces: { kind: 'keyframe', sceneId: scene.id, shotId: shot.id, frame },
          estimatedCostUsd: (this.modelFor(references.length).estimateCost?.({ prompt: input.prompt, aspectRatio: settings.aspectRatio, referenceImages: [] }) ?? 0) + (this.options.judgeCostUsd ?? 0),
        });
      }
    }
    return specs;
  }

  async run(job: Job, context: JobContext): Promise<JobOutcome> {
    const input = job.input as KeyframeJobInput;
    const model = this.modelFor(input.references.length);
    const screenplay = context.screenplay!;
    const scene = screenplay.scenes.find((candidate) => candidate.id === input.sceneId)!;
    const shot = scene.shots.find((candidate) => candidate.id === input.shotId)!;
    const referenceImages = await Promise.all(
      input.references.map(({ key, label }) => context.readAsset(context.dependency(key).outputs[0]!.path, label)),
    );
    const result = await generateImage(
      model,
      {
        prompt: context.override?.prompt ?? input.prompt,
        referenceImages,
        ...(context.override?.seed !== undefined ? { seed: context.override.seed } : {}),
        aspectRatio: context.settings.aspectRatio,
        size: { width: context.settings.width, height: context.settings.height },
        idempotencyKey: context.idempotencyKey,
        abortSignal: context.abortSignal,
        context: {
          purpose: 'keyframe',
          sceneId: scene.id,
          shotId: shot.id,
          frame: input.frame,
          characters: characterContext(shotCharacters(screenplay, scene, shot)),
          location: scene.location,
          timeOfDay: scene.timeOfDay,
          camera: shot.camera,
          caption: shot.description,
        },
      },
      job,
      context,
    );
    reportWarnings(context, model, result.warnings);
    const output = await context.writeAsset(input.path, firstImage(result, model));
    return { outputs: [output], costUsd: costOf(result), expect: [{ kind: 'image', path: output.path, aspectRatio: context.settings.aspectRatio }] };
  }

  async cancel(job: Job) {
    await cancelOperation(this.modelFor((job.input as KeyframeJobInput).references.length), job);
  }
}

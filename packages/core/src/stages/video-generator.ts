import { extname } from 'node:path';
import { requireAspectRatio, validateModel } from './stage-checks.js';
import { extensionFor } from '../movie/assets.js';
import type { Job, JobSpec } from '../job-store/v1/index.js';
import { movieLayout } from '../movie/layout.js';
import { resolveVideoCapabilities } from '../provider/resolve-capabilities.js';
import type { VideoMode, VideoModelV1, VideoModelV1CallOptions } from '../provider/v1/index.js';
import type { JobContext, JobOutcome, MovieSettings, PlanContext, Stage } from '../pipeline/v1/index.js';
import { hashJson } from '../util/hash.js';
import { jobKeys } from './job-keys.js';
import { cutClipSeconds } from './video-processing-pipeline.js';
import { shotStem, shotsOf } from './keyframe-generator.js';
import { cancelOperation, costOf, operationCallsFor, reportWarnings, runWithStartWarnings } from './model-calls.js';
import { characterContext, shotCharacters, videoPrompt } from './prompts.js';

export interface VideoGeneratorOptions {
  model: VideoModelV1;
  /** What the judge's look at each clip is expected to cost (`models.judge`), added to its estimate. Default: 0. */
  judgeCostUsd?: number;
  maxAttempts?: number;
}

interface VideoJobInput {
  sceneId: string;
  shotId: string;
  mode: VideoMode;
  prompt: string;
  durationSeconds: number;
  stem: string;
  firstFrame: string | null;
  lastFrame: string | null;
  /** Jobs of the character sheets passed as references, with what each shows. */
  references: { key: string; label: string }[];
  [key: string]: string | number | { key: string; label: string }[] | null;
}

/** Camera directions that ask for movement; a clip that never moves then failed the shot. */
const movingCamera = /\b(pan|push|pull|tilt|zoom|dolly|track|crane|handheld|sweep|orbit|move|moving|follows?)\b/i;

/** The clip length to ask for: the shortest the model offers that covers the shot, else its longest. */
export function chooseDuration(wanted: number, offered: readonly number[]): number {
  const sorted = [...offered].sort((a, b) => a - b);
  return sorted.find((duration) => duration >= wanted - 1e-9) ?? sorted[sorted.length - 1] ?? wanted;
}

/** First+last interpolation when both frames exist and the model can, else image-to-video, else text-to-video. */
export function chooseMode(modes: readonly VideoMode[], hasFirst: boolean, hasLast: boolean): VideoMode {
  if (hasFirst && hasLast && modes.includes('first-last-frame')) return 'first-last-frame';
  if (hasFirst && modes.includes('image-to-video')) return 'image-to-video';
  if (modes.includes('text-to-video')) return 'text-to-video';
  return modes[0] ?? 'text-to-video';
}

/** One clip per shot, in the best mode the configured model supports for that shot. */
export class VideoGenerator implements Stage {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'videos';
  constructor(private readonly options: VideoGeneratorOptions) {}

  async validate(settings: MovieSettings) {
    await validateModel(this.name, this.options.model);
    requireAspectRatio(this.name, this.options.model, resolveVideoCapabilities(this.options.model).aspectRatios, settings.aspectRatio);
  }

  plan({ screenplay, settings, producerOf, input: movieInput }: PlanContext): JobSpec[] {
    if (!screenplay) return [];
    const { model } = this.options;
    const capabilities = resolveVideoCapabilities(model);
    const screenplayKey = producerOf({ kind: 'screenplay' }) ?? jobKeys.screenplay;
    return shotsOf(screenplay).map(({ scene, shot, sceneIndex }) => {
      const keyframe = (frame: 'first_frame' | 'last_frame' | 'transition_frame') => producerOf({ kind: 'keyframe', sceneId: scene.id, shotId: shot.id, frame });
      const first = keyframe('first_frame');
      const last = keyframe('transition_frame') ?? keyframe('last_frame');
      const mode = chooseMode(capabilities.modes, first !== undefined, last !== undefined);
      const references = shotCharacters(screenplay, scene, shot)
        .map((character) => ({ key: producerOf({ kind: 'character-sheet', characterId: character.id, view: 'front' }), label: character.id }))
        .filter((reference): reference is { key: string; label: string } => reference.key !== undefined)
        .slice(0, capabilities.maxReferenceImages);
      const input: VideoJobInput = {
        sceneId: scene.id,
        shotId: shot.id,
        mode,
        prompt: videoPrompt(screenplay, scene, shot),
        // A re-cut that runs the shot past its clip asks for a longer clip (`cinema import-cut`).
        durationSeconds: chooseDuration(Math.max(shot.durationSeconds, cutClipSeconds(movieInput.cut, scene.id, shot.id)), capabilities.durations),
        stem: shotStem(scene, shot),
        firstFrame: mode === 'text-to-video' ? null : (first ?? null),
        lastFrame: mode === 'first-last-frame' ? (last ?? null) : null,
        references,
      };
      return {
        key: jobKeys.video(scene.id, shot.id),
        stage: this.name,
        lane: model.provider,
        input,
        inputHash: hashJson(input),
        dependsOn: [screenplayKey, ...[input.firstFrame, input.lastFrame].filter((key): key is string => key !== null), ...references.map((reference) => reference.key)],
        priority: sceneIndex,
        maxAttempts: this.options.maxAttempts,
        sceneId: scene.id,
        produces: { kind: 'clip', sceneId: scene.id, shotId: shot.id },
        estimatedCostUsd: (model.estimateCost?.({ mode, durationSeconds: input.durationSeconds, aspectRatio: settings.aspectRatio }) ?? 0) + (this.options.judgeCostUsd ?? 0),
      };
    });
  }

  async run(job: Job, context: JobContext): Promise<JobOutcome> {
    const { model } = this.options;
    const input = job.input as VideoJobInput;
    const screenplay = context.screenplay!;
    const scene = screenplay.scenes.find((candidate) => candidate.id === input.sceneId)!;
    const shot = scene.shots.find((candidate) => candidate.id === input.shotId)!;
    const frame = (key: string | null, label: string) => (key === null ? undefined : context.readAsset(context.dependency(key).outputs[0]!.path, label));
    const options: VideoModelV1CallOptions = {
      mode: input.mode,
      prompt: context.override?.prompt ?? input.prompt,
      durationSeconds: input.durationSeconds,
      ...(context.override?.seed !== undefined ? { seed: context.override.seed } : {}),
      aspectRatio: context.settings.aspectRatio,
      firstFrame: await frame(input.firstFrame, 'first frame'),
      lastFrame: await frame(input.lastFrame, 'last frame'),
      referenceImages: await Promise.all(input.references.map(({ key, label }) => context.readAsset(context.dependency(key).outputs[0]!.path, label))),
      idempotencyKey: context.idempotencyKey,
      abortSignal: context.abortSignal,
      context: {
        purpose: 'video',
        sceneId: scene.id,
        shotId: shot.id,
        characters: characterContext(shotCharacters(screenplay, scene, shot)),
        location: scene.location,
        timeOfDay: scene.timeOfDay,
        camera: shot.camera,
        caption: shot.description,
      },
    };
    const result = await runWithStartWarnings(operationCallsFor(model, options, job)!, context);
    reportWarnings(context, model, result.warnings);
    const path = movieLayout.video(input.stem, extensionFor(result.video.mediaType));
    const output = await context.writeAsset(extname(path) === '.bin' ? movieLayout.video(input.stem) : path, result.video);
    return {
      outputs: [output],
      result: { mode: input.mode, durationSeconds: input.durationSeconds },
      costUsd: costOf(result),
      expect: [{ kind: 'video', path: output.path, durationSeconds: input.durationSeconds, moves: input.mode === 'first-last-frame' || movingCamera.test(shot.camera) }],
    };
  }

  async cancel(job: Job) {
    await cancelOperation(this.options.model, job);
  }
}

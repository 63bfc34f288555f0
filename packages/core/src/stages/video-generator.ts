import { extname } from 'node:path';
import { requireAspectRatio, validateModel } from './stage-checks.js';
import { extensionFor } from '../movie/assets.js';
import type { Job, JobSpec } from '../job-store/v1/job.js';
import { movieLayout } from '../movie/layout.js';
import { resolveVideoCapabilities } from '../provider/v1/capabilities.js';
import type { VideoMode, VideoModelV1, VideoModelV1CallOptions } from '../provider/v1/video-model-v1.js';
import type { JobContext, JobOutcome, MovieSettings, PlanContext, Stage } from '../pipeline/stage.js';
import { hashJson } from '../util/hash.js';
import { jobKeys } from './job-keys.js';
import { shotStem, shotsOf } from './keyframe-generator.js';
import { costOf, reportWarnings } from './model-calls.js';
import { characterContext, shotCharacters, videoPrompt } from './prompts.js';

export interface VideoGeneratorOptions {
  model: VideoModelV1;
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
  references: string[];
  [key: string]: string | number | string[] | null;
}

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
  readonly name = 'videos';
  constructor(private readonly options: VideoGeneratorOptions) {}

  async validate(settings: MovieSettings) {
    await validateModel(this.name, this.options.model);
    requireAspectRatio(this.name, this.options.model, resolveVideoCapabilities(this.options.model).aspectRatios, settings.aspectRatio);
  }

  plan({ screenplay, planned, settings }: PlanContext): JobSpec[] {
    if (!screenplay) return [];
    const { model } = this.options;
    const capabilities = resolveVideoCapabilities(model);
    return shotsOf(screenplay).map(({ scene, shot, sceneIndex }) => {
      const first = jobKeys.keyframe(scene.id, shot.id, 'first_frame');
      const transition = jobKeys.keyframe(scene.id, shot.id, 'transition_frame');
      const last = planned.has(transition) ? transition : jobKeys.keyframe(scene.id, shot.id, 'last_frame');
      const mode = chooseMode(capabilities.modes, planned.has(first), planned.has(last));
      const references = shotCharacters(screenplay, scene, shot)
        .map((character) => jobKeys.character(character.id, 'front'))
        .filter((key) => planned.has(key))
        .slice(0, capabilities.maxReferenceImages);
      const input: VideoJobInput = {
        sceneId: scene.id,
        shotId: shot.id,
        mode,
        prompt: videoPrompt(screenplay, scene, shot),
        durationSeconds: chooseDuration(shot.durationSeconds, capabilities.durations),
        stem: shotStem(scene, shot),
        firstFrame: mode === 'text-to-video' ? null : first,
        lastFrame: mode === 'first-last-frame' ? last : null,
        references,
      };
      return {
        key: jobKeys.video(scene.id, shot.id),
        stage: this.name,
        lane: model.provider,
        input,
        inputHash: hashJson(input),
        dependsOn: [jobKeys.screenplay, ...[input.firstFrame, input.lastFrame].filter((key): key is string => key !== null), ...references],
        priority: sceneIndex,
        maxAttempts: this.options.maxAttempts,
        sceneId: scene.id,
        estimatedCostUsd: model.estimateCost?.({ mode, durationSeconds: input.durationSeconds, aspectRatio: settings.aspectRatio }) ?? 0,
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
      prompt: input.prompt,
      durationSeconds: input.durationSeconds,
      aspectRatio: context.settings.aspectRatio,
      firstFrame: await frame(input.firstFrame, 'first frame'),
      lastFrame: await frame(input.lastFrame, 'last frame'),
      referenceImages: await Promise.all(input.references.map((key) => context.readAsset(context.dependency(key).outputs[0]!.path, key.split(':')[1]))),
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
    let warnings = [] as NonNullable<Awaited<ReturnType<VideoModelV1['doStart']>>['warnings']>;
    const result = await context.runOperation({
      start: async () => {
        const started = await model.doStart(options);
        warnings = started.warnings ?? [];
        return started;
      },
      status: (operation, abortSignal) => model.doStatus({ operation, abortSignal }),
      cancel: model.doCancel && ((operation) => model.doCancel!({ operation })),
    });
    reportWarnings(context, model, [...warnings, ...(result.warnings ?? [])]);
    const path = movieLayout.video(input.stem, extensionFor(result.video.mediaType));
    const output = await context.writeAsset(extname(path) === '.bin' ? movieLayout.video(input.stem) : path, result.video);
    return { outputs: [output], result: { mode: input.mode, durationSeconds: input.durationSeconds }, costUsd: costOf(result) };
  }
}

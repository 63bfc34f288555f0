import { ConfigError } from '../errors/index.js';
import { judgeSystemPrompt } from '../orchestrator/judge.js';
import { MovieMaker, type MovieMakerOptions, type StoreFactory } from '../movie/movie-maker.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { resolveVideoCapabilities } from '../provider/resolve-capabilities.js';
import { AudioGenerator } from '../stages/audio-generator.js';
import { KeyframeGenerator } from '../stages/keyframe-generator.js';
import { ScreenplayBuilder } from '../stages/screenplay-builder.js';
import { VideoGenerator } from '../stages/video-generator.js';
import { VideoProcessingPipeline } from '../stages/video-processing-pipeline.js';
import { VisualCharacterBuilder } from '../stages/visual-character-builder.js';
import { imageModelWithFallback, speechModelWithFallback, textModelWithFallback, videoModelWithFallback } from '../provider/fallback-models.js';
import { type CinemaConfig, flattenStages, type ModelChoice } from './cinema-config.js';

function choose<Model>(choice: ModelChoice<Model> | undefined, withFallback: (models: readonly Model[]) => Model): Model | undefined {
  if (choice === undefined) return undefined;
  if (!Array.isArray(choice)) return choice as Model;
  return choice.length === 1 ? choice[0] : withFallback(choice);
}

function required<T>(value: T | undefined, field: string, file: string | undefined): T {
  if (value === undefined) {
    const example = field === 'postProduction' ? 'createFfmpegPostProduction() from @cinema/postprod-ffmpeg' : 'a model from @cinema/provider-animatic';
    throw new ConfigError({ message: `No ${field} configured${file ? ` in ${file}` : ''}: set ${field} (e.g. to ${example}).`, file, path: field });
  }
  return value;
}

/** The built-in stages for a config: screenplay, characters, keyframes, videos, audio, edit; then `config.stages`. */
export function createDefaultPipeline(config: CinemaConfig, file?: string): Pipeline {
  const models = config.models ?? {};
  const writer = required(choose(models.writer, textModelWithFallback), 'models.writer', file);
  const enhancer = choose(models.enhancer, textModelWithFallback);
  const image = choose(models.image, imageModelWithFallback);
  const characterModel = required(choose(models.characters, imageModelWithFallback) ?? image, 'models.image', file);
  const keyframeModel = required(choose(models.keyframes, imageModelWithFallback) ?? image, 'models.image', file);
  const video = required(choose(models.video, videoModelWithFallback), 'models.video', file);
  const speech = required(choose(models.speech, speechModelWithFallback), 'models.speech', file);
  const postProduction = required(config.postProduction, 'postProduction', file);
  const maxAttempts = config.retry?.maxAttempts;
  const judge = choose(models.judge, textModelWithFallback);
  const judgeCostUsd = judge?.estimateCost?.({ prompt: judgeSystemPrompt, system: judgeSystemPrompt }) ?? 0;
  let pipeline = new Pipeline()
    .then(new ScreenplayBuilder({ writer, enhancer, voices: speech.voices, maxAttempts }))
    .then(new VisualCharacterBuilder({ model: characterModel, maxAttempts }))
    .then(new KeyframeGenerator({ model: keyframeModel, modelWithoutReferences: characterModel, videoModes: resolveVideoCapabilities(video).modes, judgeCostUsd, maxAttempts }))
    .then(new VideoGenerator({ model: video, judgeCostUsd, maxAttempts }))
    .then(new AudioGenerator({ model: speech, maxAttempts }))
    .then(new VideoProcessingPipeline({ postProduction, music: config.music }));
  for (const stage of flattenStages(config.stages)) pipeline = pipeline.then(stage);
  return pipeline;
}

/** A MovieMaker for a validated config. */
export function createMovieMaker(
  config: CinemaConfig,
  options: {
    file?: string;
    defaultStore?: StoreFactory;
    /** Orchestrator settings a config file does not hold (poll intervals, lease length, fault injection). */
    orchestrator?: MovieMakerOptions['orchestrator'];
  } = {},
): MovieMaker {
  const store = config.store ?? options.defaultStore;
  if (!store) throw new ConfigError({ message: 'No job store configured: set `store` (e.g. SQLite from @cinema/tracker-sqlite).', file: options.file, path: 'store' });
  const writer = choose(config.models?.writer, textModelWithFallback);
  return new MovieMaker({
    pipeline: createDefaultPipeline(config, options.file),
    store,
    settings: config.output,
    draftWriter: writer,
    orchestrator: {
      ...options.orchestrator,
      limits: config.limits,
      assets: config.storage,
      maxCostUsd: config.budget?.maxCostUsd,
      retry: config.retry,
      attemptTimeoutMs: config.timeouts?.attemptMs,
      jobDeadlineMs: config.timeouts?.jobMs,
      reviewBefore: config.review?.before,
      checker: config.checks || undefined,
      judge: config.models?.judge ? { model: choose(config.models.judge, textModelWithFallback)!, threshold: config.quality?.judgeThreshold } : undefined,
    },
  });
}

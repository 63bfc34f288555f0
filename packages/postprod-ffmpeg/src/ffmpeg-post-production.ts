import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { CinemaError, type EditRequest, type EditResult, jobKeys, type PostProductionEvent, type PostProductionV1 } from '@cinema/core';
import { createConcurrencyLimit } from './concurrency-limit.js';
import { prepareEditPlan, type EditPlan } from './edit-plan.js';
import { FfmpegError } from './ffmpeg-error.js';
import type { FfmpegStep } from './ffmpeg-step.js';
import { findFfmpeg, type FfmpegInstallation } from './find-ffmpeg.js';
import { openFileFacts } from './file-facts.js';
import { checkInputs, diagnoseAudio, diagnoseClips } from './input-checks.js';
import { probeMedia, type MediaInfo } from './probe.js';
import { runStep } from './run-ffmpeg.js';
import { writeSrtFile } from './srt.js';
import { joinSoundtrack } from './soundtrack-join.js';
import { runScheduled } from './step-schedule.js';
import { removeStaleWorkFiles } from './work-folder.js';

export interface FfmpegPostProductionSettings {
  /** ffmpeg binary. Default: `FFMPEG_PATH`, `PATH`, then the one from `@ffmpeg-installer/ffmpeg` (see `findFfmpeg`). */
  ffmpegPath?: string;
  /** ffprobe binary. Default: `FFPROBE_PATH`, `PATH`, then the one from `@ffprobe-installer/ffprobe`. */
  ffprobePath?: string;
  /** TTF/OTF font for cards and burned subtitles. Default: DejaVu Sans, shipped via `dejavu-fonts-ttf`. Use a font that covers the script's writing systems (e.g. Noto Sans CJK for Japanese). */
  fontPath?: string;
  /** Use `xfade` for transitions. Default: when the ffmpeg build has it. `false` forces the overlay/fade fallback. */
  useXfade?: boolean;
  /** Length of crossfades and fades to black in seconds. Default: 0.5 (shortened for very short shots). */
  transitionSeconds?: number;
  /** x264 preset of the final encode. Default: `veryfast`. */
  preset?: string;
  /** x264 CRF of the final encode. Default: 20. */
  crf?: number;
  /**
   * ffmpeg processes run at once (clips normalised, parts rendered, dialogue mixed). Default:
   * `os.availableParallelism()`, the machine's cores: at small sizes one ffmpeg barely uses two cores.
   * Lower it to leave cores to other work.
   */
  concurrency?: number;
}

/** Creates the ffmpeg post-production plugin (`name: 'ffmpeg'`). */
export function createFfmpegPostProduction(settings: FfmpegPostProductionSettings = {}): PostProductionV1 {
  return {
    specificationVersion: 'v1',
    name: 'ffmpeg',
    async render(request, options = {}) {
      const installation = await findFfmpeg({
        ...(settings.ffmpegPath == null ? {} : { ffmpegPath: settings.ffmpegPath }),
        ...(settings.ffprobePath == null ? {} : { ffprobePath: settings.ffprobePath }),
      });
      return renderEdit(request, installation, settings, options);
    },
  };
}

/** Render steps: the parts, music, chunks and final join are one `render` step to the caller. */
const inRender = (step: FfmpegStep) => step.kind !== 'card';

/** Steps counted as the render's parts in its progress (`render 3/40 parts`): each is a checkpoint kept in the work folder. */
const isPart = (step: FfmpegStep) => step.kind === 'part' || step.kind === 'audio';

async function renderEdit(
  request: EditRequest,
  installation: FfmpegInstallation,
  settings: FfmpegPostProductionSettings,
  options: { abortSignal?: AbortSignal; onEvent?: (event: PostProductionEvent) => void },
): Promise<EditResult> {
  const { abortSignal, onEvent } = options;
  validateRequest(request, settings);
  const throwIfAborted = () => {
    if (abortSignal?.aborted === true) throw new CinemaError({ message: 'Post-production was cancelled.', category: 'cancelled' });
  };
  throwIfAborted();

  // check inputs, one step per card, subtitles, render, verify.
  let total = 4 + (request.titleCard == null ? 0 : 1) + (request.endCard == null ? 0 : 1);
  let stepIndex = 0;
  const step = (name: string) => onEvent?.({ type: 'step', step: name, index: stepIndex++, total });

  step('check inputs');
  const concurrency = settings.concurrency ?? availableParallelism();
  const facts = await openFileFacts(request.workDir);
  await checkInputs(request);
  throwIfAborted();

  const plan = await prepareEditPlan(request, {
    installation,
    checksum: facts.checksum,
    concurrency,
    ...(abortSignal == null ? {} : { abortSignal }),
    onMeasureProgress: (percent) => onEvent?.({ type: 'progress', step: 'measure loudness', percent }),
    ...(settings.fontPath == null ? {} : { fontPath: settings.fontPath }),
    ...(settings.useXfade == null ? {} : { useXfade: settings.useXfade }),
    ...(settings.transitionSeconds == null ? {} : { transitionSeconds: settings.transitionSeconds }),
    ...(settings.preset == null ? {} : { preset: settings.preset }),
    ...(settings.crf == null ? {} : { crf: settings.crf }),
  });

  await facts.save();
  const progress = renderProgress(plan, onEvent);
  // Aborts every running step at the first failure, or when the caller aborts.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  abortSignal?.addEventListener('abort', onAbort, { once: true });
  // The render step begins once every card is under way (parts and chunks may have started before).
  const segmentSteps = plan.steps.filter((planStep) => !inRender(planStep)).length;
  total = stepIndex + segmentSteps + 3;
  let segmentsStarted = 0;
  let renderStarted: Promise<void> | undefined;
  const startRender = () =>
    (renderStarted ??= (async () => {
      step('subtitles');
      await writeSrtFile(request.subtitlesPath, plan.cues);
      step('render');
      progress.started();
    })());

  const runOne = async (planStep: FfmpegStep) => {
    throwIfAborted();
    if (!inRender(planStep)) {
      step(planStep.name);
      segmentsStarted += 1;
    }
    if (segmentsStarted === segmentSteps) await startRender();
    if (await isReusable(planStep)) {
      if (inRender(planStep)) progress.done(planStep);
      else onEvent?.({ type: 'progress', step: planStep.name, percent: 100 });
      return;
    }
    await mkdir(path.dirname(planStep.output), { recursive: true });
    if (planStep.kind === 'final') await joinSoundtrack(plan.soundtrack);
    try {
      await runStep(planStep, installation, {
        abortSignal: stop.signal,
        onProgress: (percent) => (inRender(planStep) ? progress.running(planStep, percent) : onEvent?.({ type: 'progress', step: planStep.name, percent })),
      });
    } catch (error) {
      throw await explainFailure(error, planStep, request, installation, abortSignal);
    }
    if (planStep.kind === 'final') {
      progress.finished();
      step('verify');
      await verifyOutput(planStep, plan, request, installation);
    } else if (inRender(planStep)) {
      progress.done(planStep);
    }
    await rename(planStep.output, planStep.target);
    for (const extra of planStep.extraOutputs ?? []) await rename(extra.output, extra.target);
  };

  try {
    await runScheduled(plan.steps, {
      limit: createConcurrencyLimit(concurrency),
      run: runOne,
      onFailure: () => stop.abort(),
    });
  } finally {
    abortSignal?.removeEventListener('abort', onAbort);
    await rm(plan.scratchDir, { recursive: true, force: true });
  }
  await removeStaleWorkFiles(plan, path.resolve(request.workDir));

  return {
    outputPath: path.resolve(request.outputPath),
    subtitlesPath: path.resolve(request.subtitlesPath),
    durationSeconds: plan.timeline.durationSeconds,
    warnings: [...plan.warnings],
  };
}

/**
 * The render's progress: `render` at 0% when it starts; then `render 3/40 parts` with the share of its
 * work done, from the parts and chunks finished (or reused) and ffmpeg's `time=` of those running;
 * `render` at 100% once the film is joined.
 */
function renderProgress(plan: EditPlan, onEvent: ((event: PostProductionEvent) => void) | undefined) {
  const steps = plan.steps.filter(inRender);
  const totalWeight = steps.reduce((sum, planStep) => sum + weight(planStep), 0);
  const parts = steps.filter(isPart).length;
  const running = new Map<FfmpegStep, number>();
  let doneWeight = 0;
  let partsDone = 0;
  let last = '';
  const report = () => {
    const inFlight = [...running].reduce((sum, [planStep, percent]) => sum + (weight(planStep) * percent) / 100, 0);
    const percent = Math.max(0, Math.min(100, Math.floor(((doneWeight + inFlight) / totalWeight) * 100)));
    const name = `render ${partsDone}/${parts} parts`;
    if (`${name} ${percent}` === last) return;
    last = `${name} ${percent}`;
    onEvent?.({ type: 'progress', step: name, percent });
  };
  return {
    running(planStep: FfmpegStep, percent: number) {
      running.set(planStep, percent);
      report();
    },
    done(planStep: FfmpegStep) {
      running.delete(planStep);
      doneWeight += weight(planStep);
      if (isPart(planStep)) partsDone += 1;
      report();
    },
    started() {
      onEvent?.({ type: 'progress', step: 'render', percent: 0 });
    },
    finished() {
      onEvent?.({ type: 'progress', step: 'render', percent: 100 });
    },
  };
}

/**
 * Share of the render's work a step stands for: parts encode the picture (most of the work), audio
 * chunks mix and encode the sound, the music is decoded once, and the final join copies both.
 */
function weight(step: FfmpegStep): number {
  const factor = step.kind === 'part' ? 1 : step.kind === 'audio' ? 0.3 : 0.02;
  return Math.max(0.001, step.durationSeconds * factor);
}

/**
 * The error to report for a failed step: a broken clip the part read, named with its shot and the job
 * to retry, or one that ffprobe reads but this part could not decode; for audio, the broken file when
 * one is.
 */
async function explainFailure(error: unknown, planStep: FfmpegStep, request: EditRequest, installation: FfmpegInstallation, abortSignal: AbortSignal | undefined): Promise<unknown> {
  if (!FfmpegError.isInstance(error) || error.category === 'cancelled' || abortSignal?.aborted === true) return error;
  try {
    if (planStep.clips != null && planStep.clips.length > 0) await diagnoseClips(request, planStep.clips.map((clip) => clip.path), installation);
    if (planStep.kind === 'audio' || planStep.kind === 'music' || planStep.kind === 'final') await diagnoseAudio(request, installation);
  } catch (diagnosis) {
    return diagnosis;
  }
  if (planStep.clips != null && planStep.clips.length > 0) {
    const shots = planStep.clips.map((clip) => `${clip.sceneId}/${clip.shotId}`).join(', ');
    const retry = planStep.clips.map((clip) => jobKeys.video(clip.sceneId, clip.shotId)).join(' ');
    return new FfmpegError({
      category: error.category,
      file: error.file,
      stderr: error.stderr,
      cause: error,
      message: `${error.message}. It read the clips of ${shots}, which ffprobe reads; if one of them is at fault, make it again with \`cinema retry ${request.movieId} --job ${retry}\`.`,
    });
  }
  return error;
}

function validateRequest(request: EditRequest, settings: FfmpegPostProductionSettings): void {
  const problems: string[] = [];
  const { width, height, fps } = request.format;
  if (!(Number.isInteger(width) && width > 0 && width % 2 === 0)) problems.push(`format.width must be a positive even integer (got ${width})`);
  if (!(Number.isInteger(height) && height > 0 && height % 2 === 0)) problems.push(`format.height must be a positive even integer (got ${height})`);
  if (!(fps > 0 && fps <= 240)) problems.push(`format.fps must be between 0 and 240 (got ${fps})`);
  if (request.shots.length === 0) problems.push('the edit has no shots');
  request.shots.forEach((shot) => {
    if (!(shot.durationSeconds > 0)) problems.push(`${shot.sceneId}/${shot.shotId}: durationSeconds must be positive (got ${shot.durationSeconds})`);
  });
  for (const [name, card] of [['titleCard', request.titleCard], ['endCard', request.endCard]] as const) {
    if (card != null && !(card.durationSeconds > 0)) problems.push(`${name}.durationSeconds must be positive (got ${card.durationSeconds})`);
  }
  if (request.music != null && !(request.music.volume >= 0)) problems.push(`music.volume must be 0 or more (got ${request.music.volume})`);
  if (problems.length > 0) {
    throw new FfmpegError({ category: 'input', message: `Cannot edit movie "${request.movieId}": ${problems.join('; ')}.` });
  }
  if (settings.concurrency != null && !(Number.isInteger(settings.concurrency) && settings.concurrency >= 1)) {
    throw new FfmpegError({ category: 'config', message: `The ffmpeg editor's concurrency must be a whole number of at least 1 (got ${settings.concurrency}).` });
  }
}

/** A reusable step's target is there (and not empty): it was renamed into place once complete. */
async function isReusable(step: FfmpegStep): Promise<boolean> {
  if (step.reusable !== true) return false;
  return stat(step.target).then((info) => info.size > 0, () => false);
}

async function verifyOutput(step: FfmpegStep, plan: EditPlan, request: EditRequest, installation: FfmpegInstallation): Promise<void> {
  const fail = async (problem: string, cause?: unknown) => {
    await rm(step.output, { force: true });
    return new FfmpegError({
      category: 'unknown',
      file: request.outputPath,
      cause,
      message: `The edited film for "${request.movieId}" is wrong: ${problem}. Nothing was written to ${request.outputPath}; run the edit again, and report it if it repeats.`,
    });
  };
  let info: MediaInfo;
  try {
    info = await probeMedia(step.output, installation);
  } catch (error) {
    throw await fail('ffprobe cannot read it', error);
  }
  if (info.video?.codec !== 'h264') throw await fail(`its video is ${info.video?.codec ?? 'missing'}, not h264`);
  if (info.audio?.codec !== 'aac') throw await fail(`its audio is ${info.audio?.codec ?? 'missing'}, not aac`);
  const expected = plan.timeline.durationSeconds;
  const tolerance = 1 / request.format.fps + 0.1;
  if (Math.abs(info.durationSeconds - expected) > tolerance) {
    throw await fail(`it lasts ${info.durationSeconds.toFixed(3)} s where the edit lasts ${expected.toFixed(3)} s`);
  }
}

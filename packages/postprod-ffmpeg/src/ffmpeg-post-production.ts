import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CinemaError, type EditRequest, type EditResult, jobKeys, type PostProductionEvent, type PostProductionV1 } from '@cinema/core';
import { prepareEditPlan, type EditPlan, type FfmpegStep } from './edit-plan.js';
import { FfmpegError } from './ffmpeg-error.js';
import { findFfmpeg, type FfmpegInstallation } from './find-ffmpeg.js';
import { probeMedia, type MediaInfo } from './probe.js';
import { runStep } from './run-ffmpeg.js';
import { writeSrtFile } from './srt.js';

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

async function renderEdit(
  request: EditRequest,
  installation: FfmpegInstallation,
  settings: FfmpegPostProductionSettings,
  options: { abortSignal?: AbortSignal; onEvent?: (event: PostProductionEvent) => void },
): Promise<EditResult> {
  const { abortSignal, onEvent } = options;
  validateRequest(request);
  const throwIfAborted = () => {
    if (abortSignal?.aborted === true) throw new CinemaError({ message: 'Post-production was cancelled.', category: 'cancelled' });
  };
  throwIfAborted();

  // check inputs, one step per clip and card, subtitles, render, verify
  const total = 4 + request.shots.length + (request.titleCard == null ? 0 : 1) + (request.endCard == null ? 0 : 1);
  let stepIndex = 0;
  const step = (name: string) => onEvent?.({ type: 'step', step: name, index: stepIndex++, total });

  step('check inputs');
  const clipChecks = await checkInputs(request, installation);
  throwIfAborted();

  const plan = await prepareEditPlan(request, {
    installation,
    ...(settings.fontPath == null ? {} : { fontPath: settings.fontPath }),
    ...(settings.useXfade == null ? {} : { useXfade: settings.useXfade }),
    ...(settings.transitionSeconds == null ? {} : { transitionSeconds: settings.transitionSeconds }),
    ...(settings.preset == null ? {} : { preset: settings.preset }),
    ...(settings.crf == null ? {} : { crf: settings.crf }),
  });

  const warnings = [...plan.warnings];
  // The parts, dialogue chunks and final join are one `render` step to the caller, with one progress.
  const renderSteps = plan.steps.filter((planStep) => planStep.kind !== 'clip' && planStep.kind !== 'card');
  const renderWeight = renderSteps.reduce((sum, planStep) => sum + weight(planStep), 0);
  let renderDone = 0;
  let renderPercent = -1;
  const renderProgress = (planStep: FfmpegStep, percent: number) => {
    const overall = Math.max(0, Math.min(100, Math.floor(((renderDone + (weight(planStep) * percent) / 100) / renderWeight) * 100)));
    if (overall === renderPercent) return;
    renderPercent = overall;
    onEvent?.({ type: 'progress', step: 'render', percent: overall });
  };
  try {
    for (const planStep of plan.steps) {
      throwIfAborted();
      const inRender = planStep.kind !== 'clip' && planStep.kind !== 'card';
      if (planStep === renderSteps[0]) {
        step('subtitles');
        await writeSrtFile(request.subtitlesPath, plan.cues);
        step('render');
        for (const check of clipChecks.values()) await check;
        throwIfAborted();
      }
      if (!inRender) step(planStep.name);
      // A clip's ffprobe check runs alongside its normalise step, so its process start costs no time;
      // a failed check stops the step and is the error reported.
      const clipCheck = planStep.kind === 'clip' ? clipChecks.get(planStep.inputs[0]!.path) : undefined;
      if (!inRender && (await isReusable(planStep, request, installation))) {
        await clipCheck;
        onEvent?.({ type: 'progress', step: planStep.name, percent: 100 });
        continue;
      }
      await mkdir(path.dirname(planStep.output), { recursive: true });
      try {
        const stepAbort = new AbortController();
        const stopStep = () => stepAbort.abort();
        abortSignal?.addEventListener('abort', stopStep, { once: true });
        try {
          await Promise.all([
            clipCheck?.catch((error: unknown) => {
              stepAbort.abort();
              throw error;
            }),
            runStep(planStep, installation, {
              abortSignal: stepAbort.signal,
              onProgress: (percent) => (inRender ? renderProgress(planStep, percent) : onEvent?.({ type: 'progress', step: planStep.name, percent })),
            }).catch(async (error: unknown) => {
              // The check's own error names the clip better than ffmpeg's, when it has one.
              await clipCheck;
              throw error;
            }),
          ]);
        } finally {
          abortSignal?.removeEventListener('abort', stopStep);
        }
      } catch (error) {
        if (planStep.shot != null && FfmpegError.isInstance(error) && error.category !== 'cancelled') {
          throw new FfmpegError({
            category: 'input',
            file: planStep.inputs[0]?.path,
            stderr: (error as FfmpegError).stderr,
            cause: error,
            message: `${error.message}. The clip ${planStep.inputs[0]?.path} of ${planStep.shot.sceneId}/${planStep.shot.shotId} could not be decoded: make it again with \`cinema retry ${request.movieId} --job ${jobKeys.video(planStep.shot.sceneId, planStep.shot.shotId)}\`.`,
          });
        }
        if ((planStep.kind === 'audio' || planStep.kind === 'final') && FfmpegError.isInstance(error) && error.category !== 'cancelled') {
          await diagnoseAudio(request, installation);
        }
        throw error;
      }
      if (inRender) {
        renderDone += weight(planStep);
        renderProgress(planStep, 0);
      }
      if (planStep.kind === 'final') {
        step('verify');
        await verifyOutput(planStep, plan, request, installation);
      }
      await rename(planStep.output, planStep.target);
      for (const extra of planStep.extraOutputs ?? []) await rename(extra.output, extra.target);
    }
  } finally {
    await rm(plan.scratchDir, { recursive: true, force: true });
  }

  return {
    outputPath: path.resolve(request.outputPath),
    subtitlesPath: path.resolve(request.subtitlesPath),
    durationSeconds: plan.timeline.durationSeconds,
    warnings,
  };
}

/**
 * Share of the render's work a step stands for: parts encode the picture (most of the work), dialogue
 * chunks only mix audio, and the final join copies the picture and encodes the soundtrack.
 */
function weight(step: FfmpegStep): number {
  const factor = step.kind === 'part' ? 1 : step.kind === 'audio' ? 0.05 : 0.2;
  return Math.max(0.001, step.durationSeconds * factor);
}

function validateRequest(request: EditRequest): void {
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
}

interface InputCheck {
  file: string;
  kind: 'video' | 'audio';
  /** Who the file belongs to, for the message: `scene_1/shot_2`, `scene_1/shot_2 (line 2, Bo)`. */
  owner: string;
  /** The job that makes the file again, when there is one. */
  job: string | undefined;
}

function inputChecks(request: EditRequest): InputCheck[] {
  const checks: InputCheck[] = [];
  const lineNumbers = new Map<string, number>();
  for (const shot of request.shots) {
    const owner = `${shot.sceneId}/${shot.shotId}`;
    checks.push({ file: shot.videoPath, kind: 'video', owner, job: jobKeys.video(shot.sceneId, shot.shotId) });
    for (const line of shot.dialogue) {
      const lineNumber = (lineNumbers.get(shot.sceneId) ?? 0) + 1;
      lineNumbers.set(shot.sceneId, lineNumber);
      checks.push({ file: line.audioPath, kind: 'audio', owner: `${owner} (line ${lineNumber}, ${line.speaker})`, job: jobKeys.line(shot.sceneId, lineNumber) });
    }
  }
  if (request.music != null) checks.push({ file: request.music.path, kind: 'audio', owner: 'the music bed', job: undefined });
  return checks;
}

/** Checks one input: it exists, is not empty, and (with `probe`) ffprobe reads the stream it should have. */
async function checkInput(request: EditRequest, installation: FfmpegInstallation, input: InputCheck, probe: boolean): Promise<void> {
  const { file, kind, owner, job } = input;
  const retry = job == null ? 'Check the file' : `Make it again with \`cinema retry ${request.movieId} --job ${job}\``;
  const fail = (problem: string, cause?: unknown) =>
    new FfmpegError({ category: 'input', file, cause, message: `The ${kind} file ${file} of ${owner} ${problem}. ${retry}.` });
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw fail('does not exist', error);
  }
  if (size === 0) throw fail('is empty (0 bytes)');
  if (!probe) return;
  let info: MediaInfo;
  try {
    info = await probeMedia(file, installation);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n').filter((line) => line.trim() !== '').slice(-1)[0] : String(error);
    throw fail(`is corrupt: ffprobe cannot read it (${detail})`, error);
  }
  if (kind === 'video' && info.video == null) throw fail('is corrupt or not a video: it has no video stream');
  if (kind === 'audio' && info.audio == null) throw fail('has no audio stream');
  if (!(info.durationSeconds > 0)) throw fail('is corrupt: it has no duration');
}

/**
 * Before any encoding every file must exist and not be empty (checked here, in film order), and every
 * clip is ffprobed before it is normalised: the probes start here, a few at a time, and run while the
 * cards and earlier clips are encoded, which hides most of their process start-up. A broken clip is
 * reported with its shot and the job to retry. Audio files are ffprobed only when the final render
 * fails (see `diagnoseAudio`), which saves a process start per dialogue line.
 */
async function checkInputs(request: EditRequest, installation: FfmpegInstallation): Promise<Map<string, Promise<void>>> {
  const checks = inputChecks(request);
  for (const input of checks) await checkInput(request, installation, input, false);
  const probes = new Map<string, Promise<void>>();
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    while (running >= 3) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
  };
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  for (const input of checks) {
    const file = path.resolve(input.file);
    if (input.kind !== 'video' || probes.has(file)) continue;
    const probe = (async () => {
      await slot();
      try {
        await checkInput(request, installation, input, true);
      } finally {
        release();
      }
    })();
    // Awaited later, or never when an earlier step fails first.
    probe.catch(() => undefined);
    probes.set(file, probe);
  }
  return probes;
}

/** After a failed render: ffprobes the audio inputs and throws the first one's problem, if any has one. */
async function diagnoseAudio(request: EditRequest, installation: FfmpegInstallation): Promise<void> {
  for (const input of inputChecks(request)) {
    if (input.kind === 'audio') await checkInput(request, installation, input, true);
  }
}

async function isReusable(step: FfmpegStep, request: EditRequest, installation: FfmpegInstallation): Promise<boolean> {
  try {
    await stat(step.target);
    const info = await probeMedia(step.target, installation);
    const expectedFrames = Math.round(step.durationSeconds * request.format.fps);
    return (
      info.video != null &&
      info.video.width === request.format.width &&
      info.video.height === request.format.height &&
      (info.video.frames == null || info.video.frames === expectedFrames) &&
      Math.abs(info.durationSeconds - step.durationSeconds) <= 1 / request.format.fps + 0.05
    );
  } catch {
    return false;
  }
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

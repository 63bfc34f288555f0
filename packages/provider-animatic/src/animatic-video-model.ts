import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CinemaError,
  InvalidInputError,
  temporaryPath,
  type JsonValue,
  type ModelWarning,
  type OperationStatus,
  type StartedOperation,
  type VideoModelV1,
  type VideoModelV1CallOptions,
  type VideoModelV1Capabilities,
  type VideoModelV1Result,
} from '@cinema/core';
import { findFfmpeg, type FindFfmpegOptions } from '@cinema/postprod-ffmpeg';
import { frameSize } from './draw/frame-size.js';
import { renderImage } from './draw/render-image.js';
import { sha256Hex } from './util/hash.js';
import { pngSize } from './util/png-chunks.js';
import { clipArguments, type ClipStill } from './video/clip-arguments.js';
import { motionFor, type ClipOperation } from './video/clip-operation.js';
import { clipStill } from './video/still-layers.js';

/** Video model ids of the animatic. There is one; any other id gets the same one. */
export type AnimaticVideoModelId = 'ken-burns' | (string & {});

export interface AnimaticVideoModelSettings extends FindFfmpegOptions {
  /** Folder for cached frames and rendered clips. Default: `<os tmpdir>/cinema-animatic`. */
  cacheDir: string;
}

/** Clip lengths the animatic renders: 1 to 120 seconds by half seconds. */
export const animaticDurations: number[] = Array.from({ length: 239 }, (_, index) => 1 + index * 0.5);

const fps = 24;

/**
 * Moves a camera over storyboard stills with ffmpeg: a slow zoom or pan chosen from the shot's
 * camera, and for first-last-frame a blend from the first still to the last. On the animatic's own
 * drawings the camera moves the picture only: the slate and the caption stay still and whole, and
 * name labels follow their figure inside the frame. `doStart` caches the stills and returns the
 * operation; `doStatus` renders the H.264 clip (24 fps, yuv420p) and returns it.
 */
export class AnimaticVideoModel implements VideoModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'animatic';
  readonly modelId: string;
  readonly capabilities: VideoModelV1Capabilities = {
    modes: ['text-to-video', 'image-to-video', 'first-last-frame'],
    durations: animaticDurations,
    aspectRatios: ['16:9', '1:1', '9:16'],
    maxReferenceImages: 8,
    generatesAudio: false,
  };
  private readonly settings: AnimaticVideoModelSettings;

  constructor(modelId: AnimaticVideoModelId, settings: AnimaticVideoModelSettings) {
    this.modelId = modelId;
    this.settings = settings;
  }

  async doStart(options: VideoModelV1CallOptions): Promise<StartedOperation> {
    options.abortSignal?.throwIfAborted();
    const warnings: ModelWarning[] = [];
    const { durationSeconds } = options;
    if (!Number.isFinite(durationSeconds) || durationSeconds <= 0 || durationSeconds > 120) {
      throw new InvalidInputError({ message: `The animatic cannot make a ${durationSeconds} s clip: durationSeconds must be above 0 and at most 120.` });
    }
    // A clip made from a keyframe keeps the keyframe's size (the film's format); else the aspect's default.
    let size = (options.firstFrame && clipSize(options.firstFrame.data)) ?? frameSize(options.aspectRatio);
    if (!size) {
      warnings.push({ type: 'unsupported-setting', setting: 'aspectRatio', message: `Aspect ratio "${options.aspectRatio}" is not W:H between 1:4 and 4:1; rendered 16:9 instead.` });
      size = { width: 1280, height: 720 };
    }
    const frameFolder = join(this.settings.cacheDir, 'frames');
    await mkdir(frameFolder, { recursive: true });
    const keep = async (data: Uint8Array, sourcePath?: string) => {
      const path = join(frameFolder, `${sha256Hex(data)}.png`);
      if (!existsSync(path)) await writeAtomically(path, data);
      return sourcePath ? { path, sourcePath } : { path };
    };
    let mode = options.mode;
    if (mode === 'first-last-frame' && (!options.firstFrame || !options.lastFrame)) {
      warnings.push({ type: 'other', message: 'first-last-frame needs both frames; made the clip from the frame given (or drew one).' });
      mode = options.firstFrame ? 'image-to-video' : 'text-to-video';
    }
    if (mode === 'image-to-video' && !options.firstFrame) {
      warnings.push({ type: 'other', message: 'image-to-video was asked without a first frame; the animatic drew one from the prompt.' });
      mode = 'text-to-video';
    }
    const frames: ClipOperation['frames'] = [];
    let draw: ClipOperation['draw'];
    if (mode === 'text-to-video') {
      draw = { prompt: options.prompt, ...(options.context ? { context: options.context } : {}) };
      frames.push(await keep(drawFrame(draw, size)));
    } else {
      frames.push(await keep(options.firstFrame!.data, options.firstFrame!.path));
      if (mode === 'first-last-frame') frames.push(await keep(options.lastFrame!.data, options.lastFrame!.path));
    }
    const operation: Omit<ClipOperation, 'outputPath'> = {
      kind: 'animatic-clip',
      version: 1,
      mode,
      durationSeconds,
      width: size.width,
      height: size.height,
      fps,
      motion: motionFor(options.context?.camera ?? options.prompt),
      frames,
      ...(draw ? { draw } : {}),
    };
    const key = sha256Hex(JSON.stringify({ ...operation, frames: frames.map((frame) => frame.path) }));
    const outputPath = join(this.settings.cacheDir, 'clips', `${key}.mp4`);
    return { operation: { ...operation, outputPath } as unknown as JsonValue, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  async doStatus({ operation, abortSignal }: { operation: JsonValue; abortSignal?: AbortSignal }): Promise<OperationStatus<VideoModelV1Result>> {
    const clip = readOperation(operation);
    if (!clip) {
      return { status: 'failed', message: 'The operation is not an animatic clip operation (it was not made by this model).', category: 'invalid_request' };
    }
    if (!(await nonEmpty(clip.outputPath))) {
      const framePaths: string[] = [];
      for (const frame of clip.frames) {
        if (!(await nonEmpty(frame.path))) {
          await mkdir(join(frame.path, '..'), { recursive: true });
          if (frame.sourcePath && (await nonEmpty(frame.sourcePath))) await copyFile(frame.sourcePath, frame.path);
          else if (clip.draw) await writeAtomically(frame.path, drawFrame(clip.draw, clip));
          else {
            return {
              status: 'failed',
              message: `The still ${frame.path} for this clip is gone (the cache folder was cleared); start the clip again.`,
              isRetryable: true,
              category: 'invalid_request',
            };
          }
        }
        framePaths.push(frame.path);
      }
      await this.render(clip, framePaths, abortSignal);
    }
    const data = new Uint8Array(await readFile(clip.outputPath));
    return { status: 'completed', result: { video: { mediaType: 'video/mp4', data }, costUsd: 0 } };
  }

  private async render(clip: ClipOperation, framePaths: string[], abortSignal?: AbortSignal): Promise<void> {
    const ffmpeg = await findFfmpeg({ ffmpegPath: this.settings.ffmpegPath, ffprobePath: this.settings.ffprobePath });
    await mkdir(join(clip.outputPath, '..'), { recursive: true });
    const partial = temporaryPath(clip.outputPath);
    const layers = `${partial}-layers`;
    try {
      const stills: ClipStill[] = [];
      for (const [index, path] of framePaths.entries()) stills.push(await clipStill(path, clip, join(layers, String(index))));
      abortSignal?.throwIfAborted();
      await runFfmpeg(ffmpeg.ffmpegPath, clipArguments(clip, stills, partial), abortSignal);
      await rename(partial, clip.outputPath);
    } finally {
      await rm(partial, { force: true });
      await rm(layers, { recursive: true, force: true });
    }
  }

  estimateCost(): number {
    return 0;
  }
}

function drawFrame(draw: NonNullable<ClipOperation['draw']>, size: { width: number; height: number }): Uint8Array {
  const context = draw.context ? { ...draw.context, purpose: 'keyframe' as const, frame: 'first_frame' as const } : undefined;
  return renderImage({ width: size.width, height: size.height, prompt: draw.prompt, ...(context ? { context } : {}) });
}

function readOperation(value: JsonValue): ClipOperation | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const clip = value as unknown as ClipOperation;
  if (clip.kind !== 'animatic-clip' || clip.version !== 1 || !Array.isArray(clip.frames) || clip.frames.length === 0) return undefined;
  if (typeof clip.outputPath !== 'string' || typeof clip.durationSeconds !== 'number' || typeof clip.width !== 'number') return undefined;
  return clip;
}

async function nonEmpty(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}

async function writeAtomically(path: string, data: Uint8Array): Promise<void> {
  const partial = temporaryPath(path);
  await writeFile(partial, data);
  await rename(partial, path);
}

function runFfmpeg(ffmpegPath: string, args: string[], abortSignal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(ffmpegPath, args, { signal: abortSignal, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      if (abortSignal?.aborted) {
        return reject(new CinemaError({ message: 'The animatic clip was cancelled while ffmpeg was rendering it.', category: 'cancelled', cause: error }));
      }
      const detail = String(stderr).trim().split('\n').slice(-5).join('\n');
      reject(
        new CinemaError({
          message: `ffmpeg (${ffmpegPath}) failed to render an animatic clip: ${detail || error.message}. Check that this ffmpeg has libx264 and the zoompan, fade and overlay filters.`,
          category: 'unknown',
          cause: error,
        }),
      );
    });
  });
}

/** The clip size a still asks for: its own, made even (H.264 with yuv420p needs that), if between 16 and 4096 pixels. */
function clipSize(png: Uint8Array): { width: number; height: number } | undefined {
  const size = pngSize(png);
  if (!size || size.width < 16 || size.height < 16 || size.width > 4096 || size.height > 4096) return undefined;
  return { width: size.width - (size.width % 2), height: size.height - (size.height % 2) };
}

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { type EditRequest, jobKeys } from '@cinema/core';
import { FfmpegError } from './ffmpeg-error.js';
import type { FfmpegInstallation } from './find-ffmpeg.js';
import { probeMedia, type MediaInfo } from './probe.js';

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

/** Checks one input: it exists, is not empty, and (with `probe`) ffprobe finds the stream it should have. */
async function checkInput(request: EditRequest, input: InputCheck, probe: ((file: string) => Promise<MediaInfo>) | undefined): Promise<void> {
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
  if (probe == null) return;
  let info: MediaInfo;
  try {
    info = await probe(file);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n').filter((line) => line.trim() !== '').slice(-1)[0] : String(error);
    throw fail(`is corrupt: ffprobe cannot read it (${detail})`, error);
  }
  if (kind === 'video' && info.video == null) throw fail('is corrupt or not a video: it has no video stream');
  if (kind === 'audio' && info.audio == null) throw fail('has no audio stream');
  if (!(info.durationSeconds > 0)) throw fail('is corrupt: it has no duration');
}

/**
 * Before any encoding every file must exist and not be empty, checked in film order; the first that
 * is not is reported with its shot (or line) and the job to retry. Clips and dialogue are ffprobed only
 * when a render fails (`diagnoseClips`, `diagnoseAudio`): each part normalises its clips in its own
 * graph, so nothing needs knowing about a clip beforehand, and a film of a thousand clips is spared a
 * thousand process starts.
 */
export async function checkInputs(request: EditRequest): Promise<void> {
  for (const input of inputChecks(request)) await checkInput(request, input, undefined);
}

/**
 * After a failed part: ffprobes the clips it read (`files`, absolute), in film order, and throws the
 * first one's problem, if any has one.
 */
export async function diagnoseClips(request: EditRequest, files: readonly string[], installation: FfmpegInstallation): Promise<void> {
  const wanted = new Set(files);
  for (const input of inputChecks(request)) {
    if (input.kind === 'video' && wanted.has(path.resolve(input.file))) await checkInput(request, input, (file) => probeMedia(file, installation));
  }
}

/** After a failed render: ffprobes the audio inputs and throws the first one's problem, if any has one. */
export async function diagnoseAudio(request: EditRequest, installation: FfmpegInstallation): Promise<void> {
  for (const input of inputChecks(request)) {
    if (input.kind === 'audio') await checkInput(request, input, (file) => probeMedia(file, installation));
  }
}

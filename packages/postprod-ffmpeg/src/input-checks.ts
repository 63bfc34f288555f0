import { stat } from 'node:fs/promises';
import path from 'node:path';
import { type EditRequest, jobKeys } from '@cinema/core';
import { createConcurrencyLimit } from './concurrency-limit.js';
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
async function checkInput(request: EditRequest, input: InputCheck, probe: ((file: string) => Promise<MediaInfo>) | undefined): Promise<MediaInfo | undefined> {
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
  if (probe == null) return undefined;
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
  return info;
}

/**
 * Before any encoding every file must exist and not be empty (checked in film order), and every clip
 * must be one ffprobe reads as a video with a duration: returns what ffprobe found in each clip, by
 * absolute path, which tells the plan which clips are in the film's format already. The probes run a
 * few at a time; a broken clip is reported (the first in film order) with its shot and the job to
 * retry. Audio files are ffprobed only when the render fails (see `diagnoseAudio`), which saves a
 * process start per line: the loudness measurement reads them anyway.
 */
export async function checkInputs(
  request: EditRequest,
  options: { concurrency: number; probe: (file: string) => Promise<MediaInfo> },
): Promise<Map<string, MediaInfo>> {
  const checks = inputChecks(request);
  for (const input of checks) await checkInput(request, input, undefined);
  const probes = new Map<string, Promise<MediaInfo | undefined>>();
  const limit = createConcurrencyLimit(Math.max(3, options.concurrency));
  for (const input of checks) {
    const file = path.resolve(input.file);
    if (input.kind !== 'video' || probes.has(file)) continue;
    const probe = limit.run(() => checkInput(request, input, options.probe));
    // Awaited in film order below; a later clip's failure is not reported before an earlier one's.
    probe.catch(() => undefined);
    probes.set(file, probe);
  }
  const clips = new Map<string, MediaInfo>();
  for (const [file, probe] of probes) clips.set(file, (await probe)!);
  return clips;
}

/** After a failed render: ffprobes the audio inputs and throws the first one's problem, if any has one. */
export async function diagnoseAudio(request: EditRequest, installation: FfmpegInstallation): Promise<void> {
  for (const input of inputChecks(request)) {
    if (input.kind === 'audio') await checkInput(request, input, (file) => probeMedia(file, installation));
  }
}

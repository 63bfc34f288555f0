import { join } from 'node:path';
import { InvalidInputError, type Job, type JsonValue, mediaTypeFor, type MovieSettings, type Screenplay } from '@cinema/core';
import { identifyMedia, type MediaFile } from './media-file.js';

/** How far a file's shape may be from the film's (width over height), as a fraction. */
export const aspectTolerance = 0.02;
/** How much shorter than its shot a user's clip may be: the edit trims clips to the shot, so a frame or two less is fine. */
export const clipShortfallSeconds = 0.1;

type JobFileKind = 'still' | 'clip' | 'line';

const wanted: Record<JobFileKind, string> = {
  still: 'a still: a PNG or JPEG image',
  clip: 'a clip: an MP4 or MOV video',
  line: 'a line of speech: a WAV or MP3 sound',
};

export interface ReplacementContext {
  /** The film's settings: a still or clip must have its shape. */
  settings: MovieSettings;
  /** For the shot's duration a clip must cover. */
  screenplay: Screenplay | undefined;
  movieDir: string;
}

/**
 * Checks a user's file before it takes a job's place, so nothing already made changes for a wrong
 * one: its type by content, that it is what the job makes (a still for a sheet or keyframe, a clip
 * for a video job, a sound for a line), a still's or clip's shape, a clip's length. Throws an
 * `InvalidInputError` that names the file, what it is and what was expected. Returns the result the
 * job's stage would have recorded (a line's or clip's `durationSeconds`), and what the file is.
 */
export async function checkReplacement(job: Job, file: string, context: ReplacementContext): Promise<{ media: MediaFile; result?: JsonValue }> {
  const kind = kindOf(job);
  const media = await identifyMedia(file);
  const refuse = (expected: string) => {
    throw new InvalidInputError({ message: `Refused ${file}: it is ${describe(media)}, but ${job.key} needs ${expected}. Nothing was changed.` });
  };
  if (media.kind !== kind) refuse(wanted[kind]);
  if (media.kind === 'still' || media.kind === 'clip') {
    const shape = job.characterId !== null && media.kind === 'still' ? await sheetShape(job, context.movieDir) : filmShape(context.settings);
    if (shape && Math.abs(media.width / media.height / shape.ratio - 1) > aspectTolerance) refuse(`${article(media.kind)} in ${shape.what} (${Math.round(aspectTolerance * 100)}% either way)`);
  }
  if (media.kind === 'clip') {
    const shotSeconds = shotDuration(job, context.screenplay);
    if (shotSeconds !== undefined && media.durationSeconds < shotSeconds - clipShortfallSeconds) {
      refuse(`a clip of at least ${(shotSeconds - clipShortfallSeconds).toFixed(1)} s: its shot lasts ${shotSeconds.toFixed(1)} s`);
    }
  }
  return media.kind === 'clip' || media.kind === 'line' ? { media, result: { durationSeconds: media.durationSeconds } } : { media };
}

/** What a job makes, by the file it made; refuses jobs whose file no user's file can stand for. */
function kindOf(job: Job): JobFileKind {
  if (job.outputs.length !== 1) {
    throw new InvalidInputError({
      message: `Job ${job.key} ${job.outputs.length === 0 ? 'has not made its file yet' : `makes ${job.outputs.length} files`}: a file of yours can take the place of a finished still, clip or line.`,
    });
  }
  const mediaType = mediaTypeFor(job.outputs[0]!.path);
  if (mediaType.startsWith('image/')) return 'still';
  if (mediaType.startsWith('video/')) return 'clip';
  if (mediaType.startsWith('audio/')) return 'line';
  throw new InvalidInputError({ message: `Job ${job.key} makes ${job.outputs[0]!.path}, not a still, a clip or a line: only those can be replaced.` });
}

function filmShape(settings: MovieSettings): { ratio: number; what: string } | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(settings.aspectRatio);
  const ratio = match ? Number(match[1]) / Number(match[2]) : settings.width / settings.height;
  if (!Number.isFinite(ratio) || ratio <= 0) return undefined;
  return { ratio, what: `the film's ${settings.aspectRatio} shape, e.g. ${settings.width}x${settings.height}` };
}

/** A character sheet is drawn square when the model can, so a new one takes the shape of the sheet it replaces. */
async function sheetShape(job: Job, movieDir: string): Promise<{ ratio: number; what: string } | undefined> {
  const current = await identifyMedia(join(movieDir, job.outputs[0]!.path)).catch(() => undefined);
  if (current?.kind !== 'still') return undefined;
  return { ratio: current.width / current.height, what: `the shape of the sheet it replaces, ${current.width}x${current.height}` };
}

function shotDuration(job: Job, screenplay: Screenplay | undefined): number | undefined {
  const { shotId, durationSeconds } = (job.input ?? {}) as { shotId?: string; durationSeconds?: number };
  const shot = screenplay?.scenes.find((scene) => scene.id === job.sceneId)?.shots.find((candidate) => candidate.id === shotId);
  return shot?.durationSeconds ?? durationSeconds;
}

function article(kind: MediaFile['kind']): string {
  return kind === 'still' ? 'a still' : kind === 'clip' ? 'a clip' : 'a sound';
}

/** What a file is, as a refusal names it: `a PNG image of 640x640`, `an MP4 clip of 320x180, 1.0 s`. */
export function describe(media: MediaFile): string {
  switch (media.kind) {
    case 'still':
      return `a ${media.format} image of ${media.width}x${media.height}`;
    case 'clip':
      return `${media.format === 'MP4' ? 'an' : 'a'} ${media.format} clip of ${media.width}x${media.height}, ${media.durationSeconds.toFixed(1)} s`;
    case 'line':
      return `a ${media.format} sound of ${media.durationSeconds.toFixed(1)} s`;
    default:
      return media.description;
  }
}

import path from 'node:path';
import { InvalidInputError, type EditRequest } from '@cinema/core';
import { cardFiles, defaultFontPath, filmTimeline, probeMedia, type FfmpegInstallation, type FilmTimeline, type ResolvedTransition, type SubtitleCue, type TimelineOptions } from '@cinema/postprod-ffmpeg';

/** A shot or card on the film's picture track, in film order, with the frames of its file it shows. */
export interface ExportVideoItem {
  kind: 'title' | 'shot' | 'end';
  /** `scene_1/shot_2`, `Title card`, `End card`. */
  name: string;
  sceneId: string | undefined;
  shotId: string | undefined;
  /** Absolute path of the clip, or of the card as the ffmpeg editor draws it. */
  path: string;
  /** Frames the file holds, at the film's rate. */
  mediaFrames: number;
  /** First frame of the file the segment's material starts at. */
  sourceStartFrame: number;
  /** Frames of material, the transitions into and out of it included (as `filmTimeline` lays it out). */
  frames: number;
  /** Frame of the film at which the material starts. */
  startFrame: number;
  transitionOut: ResolvedTransition;
}

/** A line of dialogue on the film's clock. */
export interface ExportLine {
  /** Its scene and number in the screenplay. */
  sceneId: string;
  lineNumber: number;
  /** The shot it is spoken over in the edit. */
  shot: { sceneId: string; shotId: string };
  speaker: string;
  text: string;
  path: string;
  /** Seconds from the start of the film. */
  startSeconds: number;
  /** Length of its audio file. */
  durationSeconds: number;
}

/**
 * Everything an editor's timeline says about a film: the picture track, the lines, the music bed
 * and the subtitles, laid out by `filmTimeline` from the edit the film was rendered from.
 */
export interface ExportTimeline {
  movieId: string;
  width: number;
  height: number;
  fps: number;
  totalFrames: number;
  video: ExportVideoItem[];
  lines: ExportLine[];
  /** The bed under the whole film, looped from its start as the film plays it. */
  music: { path: string; volume: number; durationSeconds: number } | undefined;
  cues: SubtitleCue[];
  warnings: string[];
}

export interface ExportTimelineOptions extends TimelineOptions {
  installation: FfmpegInstallation;
  /** The font the film's cards were drawn in. Default: the ffmpeg editor's, DejaVu Sans. */
  fontPath?: string;
  abortSignal?: AbortSignal;
}

/**
 * Lays the edit out as the ffmpeg editor renders it (`filmTimeline`), finds the card files it draws
 * (drawing any the work folder lacks) and measures every file with ffprobe.
 */
export async function exportTimeline(request: EditRequest, options: ExportTimelineOptions): Promise<ExportTimeline> {
  const timeline = filmTimeline(request, options.transitionSeconds == null ? {} : { transitionSeconds: options.transitionSeconds });
  const cards = await cardFiles(request, timeline, {
    fontPath: path.resolve(options.fontPath ?? defaultFontPath()),
    installation: options.installation,
    ...(options.abortSignal == null ? {} : { abortSignal: options.abortSignal }),
  });
  const files = new Set([...cards.values(), ...request.shots.flatMap((shot) => [shot.videoPath, ...shot.dialogue.map((line) => line.audioPath)]), ...(request.music ? [request.music.path] : [])].map((file) => path.resolve(file)));
  const seconds = new Map<string, number>();
  for (const file of files) seconds.set(file, (await probeMedia(file, options.installation)).durationSeconds);
  return layOutExport(request, timeline, { cards, seconds });
}

/**
 * The export of a laid-out edit, given the card files and every file's length in seconds (by
 * absolute path): what `exportTimeline` returns once it has drawn the cards and probed the files.
 */
export function layOutExport(
  request: EditRequest,
  timeline: FilmTimeline,
  media: { cards: ReadonlyMap<'title' | 'end', string>; seconds: ReadonlyMap<string, number> },
): ExportTimeline {
  const { fps } = request.format;
  const lengthOf = (file: string) => {
    const known = media.seconds.get(file);
    if (known == null) throw new InvalidInputError({ message: `The length of ${file} is not known: it is missing from the edit's files.` });
    return known;
  };
  const video: ExportVideoItem[] = timeline.segments.map((segment) => {
    const shot = segment.shotIndex == null ? undefined : request.shots[segment.shotIndex];
    const file = shot != null ? path.resolve(shot.videoPath) : media.cards.get(segment.kind as 'title' | 'end')!;
    return {
      kind: segment.kind,
      name: shot != null ? `${shot.sceneId}/${shot.shotId}` : segment.kind === 'title' ? 'Title card' : 'End card',
      sceneId: segment.sceneId,
      shotId: segment.shotId,
      path: file,
      mediaFrames: Math.round(lengthOf(file) * fps),
      sourceStartFrame: segment.sourceStartFrame,
      frames: segment.frames,
      startFrame: segment.startFrame,
      transitionOut: segment.transitionOut,
    };
  });

  const lines: ExportLine[] = [];
  const warnings = [...timeline.warnings];
  for (const placed of timeline.dialogue) {
    if (placed.line == null) {
      warnings.push(`A line of ${placed.sceneId}/${placed.shotId} ("${placed.text}") does not say which line of the screenplay it is: it is left out of the export.`);
      continue;
    }
    const file = path.resolve(placed.audioPath);
    lines.push({
      sceneId: placed.line.sceneId,
      lineNumber: placed.line.lineNumber,
      shot: { sceneId: placed.sceneId, shotId: placed.shotId },
      speaker: placed.speaker,
      text: placed.text,
      path: file,
      startSeconds: placed.start,
      durationSeconds: lengthOf(file),
    });
  }
  const musicFile = request.music == null ? undefined : path.resolve(request.music.path);
  const music = request.music == null ? undefined : { path: musicFile!, volume: request.music.volume, durationSeconds: lengthOf(musicFile!) };
  return { movieId: request.movieId, width: request.format.width, height: request.format.height, fps, totalFrames: timeline.totalFrames, video, lines, music, cues: timeline.cues, warnings };
}

/**
 * The part of an item an editor's track shows between its neighbours' cut points: a transition of
 * `overlapFrames` is centred on the cut, so each side keeps half of it as a handle.
 */
export function visibleRange(items: readonly ExportVideoItem[], index: number): { sourceStart: number; frames: number; recordStart: number; headHandle: number; tailHandle: number } {
  const item = items[index]!;
  const headHandle = index === 0 ? 0 : items[index - 1]!.transitionOut.overlapFrames / 2;
  const tailHandle = item.transitionOut.overlapFrames / 2;
  return { sourceStart: item.sourceStartFrame + headHandle, frames: item.frames - headHandle - tailHandle, recordStart: item.startFrame + headHandle, headHandle, tailHandle };
}

/** Stretches of the music bed that cover the film, each from the bed's start, as the film loops it. */
export function musicLoops(timeline: Pick<ExportTimeline, 'music' | 'totalFrames' | 'fps'>): { startFrame: number; frames: number }[] {
  const { music, fps, totalFrames } = timeline;
  if (music == null) return [];
  const loopFrames = Math.max(1, Math.floor(music.durationSeconds * fps));
  const loops: { startFrame: number; frames: number }[] = [];
  for (let start = 0; start < totalFrames; start += loopFrames) loops.push({ startFrame: start, frames: Math.min(loopFrames, totalFrames - start) });
  return loops;
}

/** Lines spread over as few tracks as hold them without two overlapping on one. */
export function lineTracks(lines: readonly ExportLine[]): ExportLine[][] {
  const tracks: ExportLine[][] = [];
  for (const line of [...lines].sort((a, b) => a.startSeconds - b.startSeconds)) {
    const free = tracks.find((track) => {
      const last = track[track.length - 1]!;
      return last.startSeconds + last.durationSeconds <= line.startSeconds + 1e-9;
    });
    if (free) free.push(line);
    else tracks.push([line]);
  }
  return tracks;
}

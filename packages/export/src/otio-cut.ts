import path from 'node:path';
import { cutClipSeconds, InvalidInputError, type CutLine, type CutShot, type EditCut, type EditRequest, type Transition } from '@cinema/core';
import { fileOfMediaUrl } from './media-paths.js';
import { otioMetadataKey } from './otio.js';

interface OtioTime {
  value: number;
  rate: number;
}
interface OtioNode {
  OTIO_SCHEMA?: string;
  name?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
  source_range?: { start_time: OtioTime; duration: OtioTime } | null;
  media_reference?: OtioReference | null;
  media_references?: Record<string, OtioReference>;
  active_media_reference_key?: string;
  in_offset?: OtioTime;
  out_offset?: OtioTime;
  transition_type?: string;
  children?: OtioNode[];
  tracks?: OtioNode;
}
interface OtioReference {
  target_url?: string;
  available_range?: { start_time: OtioTime; duration: OtioTime } | null;
}

export interface ReadCutOptions {
  /** The `.otio` file's path, for messages and to resolve relative media URLs. */
  file: string;
  /** The edit the film was rendered from (`readEditRecord`): the cut is read against its shots and lines. */
  request: EditRequest;
  /** Seconds each shot's clip lasts, by its absolute path: a shot run past its clip asks for a longer one. */
  clipSeconds: ReadonlyMap<string, number>;
  /** The cut the movie uses now, if any: the longer clips it asked for are kept. */
  currentCut?: EditCut | undefined;
}

export interface ReadCut {
  cut: EditCut;
  /** Whether the cut is the film as it is (same shots, frames, transitions and line places): nothing to do. */
  unchanged: boolean;
  /** What of the editor's work the film cannot follow (a transition's length, a card's, an unknown clip). */
  warnings: string[];
}

interface PlacedShot {
  shot: CutShot;
  /** Where the shot's material starts on the track, in seconds. */
  start: number;
}

/**
 * Reads an editor's OpenTimelineIO re-cut of a film Cinema exported: the shots of the first video
 * track in their new order, with their trims (the source range, plus the halves of the transitions
 * around each shot), transitions, and every line of the audio tracks attached to the shot it now
 * starts in. Shots and lines are found by the ids Cinema wrote in `metadata.cinema`, or by their
 * media files when an editor dropped the metadata.
 */
export function readOtioCut(text: string, options: ReadCutOptions): ReadCut {
  const { request, file } = options;
  const fps = request.format.fps;
  const warnings: string[] = [];
  const fail = (message: string): never => {
    throw new InvalidInputError({ message: `${file}: ${message}` });
  };
  let document: OtioNode;
  try {
    document = JSON.parse(text) as OtioNode;
  } catch (error) {
    return fail(`not OpenTimelineIO JSON (${(error as Error).message}); export the timeline from your editor as .otio.`);
  }
  if (!String(document.OTIO_SCHEMA ?? '').startsWith('Timeline.')) fail(`the top object is ${document.OTIO_SCHEMA ?? 'not an OTIO object'}, not a Timeline.`);
  const tracks = (document.tracks?.children ?? []).filter((child) => String(child.OTIO_SCHEMA).startsWith('Track.'));
  const videoTracks = tracks.filter((track) => track.kind === 'Video');
  if (videoTracks.length === 0) fail('the timeline has no video track.');
  if (videoTracks.slice(1).some((track) => (track.children ?? []).some(isClip))) warnings.push('Only the first video track is read; the clips of the other video tracks are left out.');
  const exportDir = path.dirname(path.resolve(file));
  const seconds = (time: OtioTime | undefined, where: string) => {
    if (time == null || !(Number(time.rate) > 0) || !Number.isFinite(Number(time.value))) return fail(`${where} has no valid time (value and rate).`);
    return Number(time.value) / Number(time.rate);
  };
  const frames = (value: number) => Math.round(value * fps);
  const timecode = (value: number) => `${Math.floor(value / 60)}:${(value % 60).toFixed(2).padStart(5, '0')}`;

  const shotByPath = new Map(request.shots.map((shot) => [path.resolve(shot.videoPath), shot]));
  const placed: PlacedShot[] = [];
  let cursor = 0;
  let previousTransition: { inOffset: number; outOffset: number; type: Transition } | undefined;
  let last: PlacedShot | undefined;
  for (const child of videoTracks[0]!.children ?? []) {
    const schema = String(child.OTIO_SCHEMA);
    if (schema.startsWith('Transition.')) {
      const cinema = child.metadata?.[otioMetadataKey] as { transition?: Transition } | undefined;
      // Cinema's own metadata says which; an editor that drops it keeps the name Cinema gave the dissolve.
      const type: Transition = cinema?.transition === 'fade_to_black' || (cinema?.transition == null && /fade to black/i.test(child.name ?? '')) ? 'fade_to_black' : 'crossfade';
      previousTransition = { inOffset: seconds(child.in_offset, `The transition at ${timecode(cursor)}`), outOffset: seconds(child.out_offset, `The transition at ${timecode(cursor)}`), type };
      if (last) {
        last.shot.durationSeconds += previousTransition.outOffset;
        last.shot.transition = type;
      } else if (placed.length === 0 && cursor > 0) {
        warnings.push('The title card always cuts to the first shot: its transition is left out.');
      }
      continue;
    }
    const where = `The ${schema.startsWith('Gap.') ? 'gap' : `clip "${child.name ?? ''}"`} at ${timecode(cursor)} on the video track`;
    const rangeOf = child.source_range ?? referenceOf(child)?.available_range;
    if (rangeOf == null) fail(`${where} has no source range.`);
    const start = seconds(rangeOf!.start_time, where);
    const duration = seconds(rangeOf!.duration, where);
    if (schema.startsWith('Gap.')) {
      if (frames(duration) > 0) fail(`${where} is empty: Cinema's film has no gaps. Close it, or put a shot there, and export again.`);
      continue;
    }
    if (!isClip(child)) fail(`${where} is a ${schema}, which Cinema cannot follow: flatten it into clips.`);
    const cinema = child.metadata?.[otioMetadataKey] as { kind?: string; sceneId?: string; shotId?: string } | undefined;
    const url = referenceOf(child)?.target_url;
    const byPath = url == null ? undefined : shotByPath.get(fileOfMediaUrl(url, exportDir));
    const ids = cinema?.kind === 'shot' && cinema.sceneId != null && cinema.shotId != null ? { sceneId: cinema.sceneId, shotId: cinema.shotId } : byPath;
    const handle = previousTransition?.inOffset ?? 0;
    previousTransition = undefined;
    if (cinema?.kind === 'title' || cinema?.kind === 'end' || (ids == null && /card/i.test(child.name ?? ''))) {
      const card = cinema?.kind === 'end' ? request.endCard : request.titleCard;
      if (card != null && frames(duration + handle) !== frames(card.durationSeconds)) warnings.push(`The ${cinema?.kind ?? 'title'} card's length follows the settings (${card.durationSeconds} s); its new length is left out.`);
      last = undefined;
      cursor += duration;
      continue;
    }
    if (ids == null) fail(`${where} is not a shot of movie "${request.movieId}" (no cinema metadata, and ${url ?? 'no media file'} is none of its clips): remove it, or export again from Cinema.`);
    if (!request.shots.some((shot) => shot.sceneId === ids!.sceneId && shot.shotId === ids!.shotId)) {
      fail(`${where} is ${ids!.sceneId}/${ids!.shotId}, which the film does not have: export again from Cinema.`);
    }
    const shot: CutShot = {
      sceneId: ids!.sceneId,
      shotId: ids!.shotId,
      sourceStartSeconds: Math.max(0, start - handle),
      durationSeconds: duration + handle,
      transition: 'cut',
      dialogue: [],
    };
    if (start - handle < -0.5 / fps) warnings.push(`${ids!.sceneId}/${ids!.shotId} starts before its clip does; it starts at the clip's first frame.`);
    last = { shot, start: cursor - handle };
    placed.push(last);
    cursor += duration;
  }
  if (placed.length === 0) fail('the video track has none of the film\'s shots.');
  // The film fades out at its end where the last shot did, when no end card follows it.
  const final = placed[placed.length - 1]!;
  if (last === final) {
    const fadeOut = (videoTracks[0]!.children ?? []).filter(isClip).at(-1)?.metadata?.[otioMetadataKey] as { fadeOutFrames?: number } | undefined;
    if ((fadeOut?.fadeOutFrames ?? 0) > 0) final.shot.transition = request.shots.find((shot) => shot.sceneId === final.shot.sceneId && shot.shotId === final.shot.shotId)?.transition ?? 'cut';
  }

  // Every line of the audio tracks, attached to the shot it starts in (its own when it still does).
  const lineByPath = new Map<string, { sceneId: string; lineNumber: number }>();
  const shotOfLine = new Map<string, string>();
  for (const shot of request.shots) {
    for (const line of shot.dialogue) {
      if (line.line == null) continue;
      lineByPath.set(path.resolve(line.audioPath), line.line);
      shotOfLine.set(`${line.line.sceneId}:${line.line.lineNumber}`, `${shot.sceneId}:${shot.shotId}`);
    }
  }
  const seen = new Set<string>();
  for (const track of tracks.filter((candidate) => candidate.kind === 'Audio')) {
    let position = 0;
    for (const child of track.children ?? []) {
      const schema = String(child.OTIO_SCHEMA);
      if (schema.startsWith('Transition.')) continue;
      const rangeOf = child.source_range ?? referenceOf(child)?.available_range;
      const where = `The audio clip "${child.name ?? ''}" at ${timecode(position)} on track "${track.name ?? ''}"`;
      const duration = rangeOf == null ? 0 : seconds(rangeOf.duration, where);
      if (isClip(child)) {
        const cinema = child.metadata?.[otioMetadataKey] as { kind?: string; sceneId?: string; lineNumber?: number } | undefined;
        const url = referenceOf(child)?.target_url;
        const known = url == null ? undefined : lineByPath.get(fileOfMediaUrl(url, exportDir));
        const ids = cinema?.kind === 'line' && cinema.sceneId != null && Number.isInteger(cinema.lineNumber) ? { sceneId: cinema.sceneId, lineNumber: cinema.lineNumber! } : known;
        if (ids != null) {
          const key = `${ids.sceneId}:${ids.lineNumber}`;
          if (seen.has(key)) warnings.push(`${where} is line ${ids.lineNumber} of ${ids.sceneId} a second time; only its first place is kept.`);
          else {
            seen.add(key);
            const startTrim = rangeOf == null ? 0 : seconds(rangeOf.start_time, where);
            if (Math.abs(startTrim) > 0.001) warnings.push(`${where} is trimmed at its head; Cinema plays every line whole, from its start.`);
            attachLine(placed, { sceneId: ids.sceneId, lineNumber: ids.lineNumber }, position - startTrim, shotOfLine.get(key), warnings);
          }
        }
      }
      position += duration;
    }
  }

  const shown = new Set(placed.map(({ shot }) => `${shot.sceneId}:${shot.shotId}`));
  // Shots this cut takes out, and those an earlier cut took out: neither comes back as new.
  const removed = [...new Map([...(options.currentCut?.removed ?? []), ...request.shots].map((shot) => [`${shot.sceneId}:${shot.shotId}`, { sceneId: shot.sceneId, shotId: shot.shotId }])).values()].filter(
    (shot) => !shown.has(`${shot.sceneId}:${shot.shotId}`),
  );
  const cut: EditCut = {
    shots: placed.map(({ shot }) => ({ ...shot, sourceStartSeconds: frames(shot.sourceStartSeconds) / fps, durationSeconds: frames(shot.durationSeconds) / fps })),
    ...(removed.length > 0 ? { removed } : {}),
  };
  for (const shot of cut.shots) {
    if (shot.durationSeconds <= 0) fail(`${shot.sceneId}/${shot.shotId} is shorter than a frame.`);
    const needed = longerClip(shot, options, fps);
    if (needed != null) shot.clipSeconds = needed;
  }
  return { cut, unchanged: sameCut(cut, withAskedClips(cutOfRequest(request), options.currentCut), fps), warnings };
}

function isClip(node: OtioNode): boolean {
  return /^Clip\.[12]$/.test(String(node.OTIO_SCHEMA));
}

function referenceOf(node: OtioNode): OtioReference | undefined {
  if (node.media_references != null) return node.media_references[node.active_media_reference_key ?? 'DEFAULT_MEDIA'];
  return node.media_reference ?? undefined;
}

function attachLine(placed: PlacedShot[], line: { sceneId: string; lineNumber: number }, start: number, originalShot: string | undefined, warnings: string[]): void {
  const contains = (candidate: PlacedShot) => start >= candidate.start - 1e-6 && start < candidate.start + candidate.shot.durationSeconds;
  const target =
    placed.find((candidate) => `${candidate.shot.sceneId}:${candidate.shot.shotId}` === originalShot && contains(candidate)) ??
    [...placed].reverse().find((candidate) => candidate.start <= start + 1e-6) ??
    placed[0]!;
  if (start < target.start - 1e-6) warnings.push(`Line ${line.lineNumber} of ${line.sceneId} starts before the first shot; it starts with it.`);
  const cutLine: CutLine = { ...line, offsetSeconds: Math.round(Math.max(0, start - target.start) * 1e6) / 1e6 };
  target.shot.dialogue.push(cutLine);
  target.shot.dialogue.sort((a, b) => a.offsetSeconds - b.offsetSeconds);
}

/**
 * The clip length a shot of the cut asks for: when it runs past its clip, and past what the film
 * showed of it already (the film holds a clip's last frame), the clip is made again that long; a
 * longer clip the movie's cut asked for before is kept, so it is not made again shorter.
 */
function longerClip(shot: CutShot, options: ReadCutOptions, fps: number): number | undefined {
  const needed = shot.sourceStartSeconds + shot.durationSeconds;
  const current = options.request.shots.find((candidate) => candidate.sceneId === shot.sceneId && candidate.shotId === shot.shotId);
  const shownBefore = current == null ? 0 : (current.sourceStartSeconds ?? 0) + current.durationSeconds;
  const clip = current == null ? undefined : options.clipSeconds.get(path.resolve(current.videoPath));
  const asked = cutClipSeconds(options.currentCut, shot.sceneId, shot.shotId);
  if (clip != null && needed > Math.max(clip, shownBefore) + 0.5 / fps) return Math.round(Math.max(needed, asked) * 1000) / 1000;
  return asked > 0 ? asked : undefined;
}

/** The film's edit as a cut, to compare an imported one with. */
export function cutOfRequest(request: EditRequest): EditCut {
  return {
    shots: request.shots.map((shot) => ({
      sceneId: shot.sceneId,
      shotId: shot.shotId,
      sourceStartSeconds: shot.sourceStartSeconds ?? 0,
      durationSeconds: shot.durationSeconds,
      transition: shot.transition,
      dialogue: shot.dialogue.flatMap((line) => (line.line ? [{ ...line.line, offsetSeconds: line.offsetSeconds }] : [])),
    })),
  };
}

/** A cut with the longer clips another cut asked for. */
function withAskedClips(cut: EditCut, asking: EditCut | undefined): EditCut {
  for (const shot of cut.shots) {
    const asked = cutClipSeconds(asking, shot.sceneId, shot.shotId);
    if (asked > 0) shot.clipSeconds = asked;
  }
  return cut;
}

/** Same shots in the same order, on the same frames, with the same transitions, lines within a millisecond, and the same clips asked for. */
function sameCut(a: EditCut, b: EditCut, fps: number): boolean {
  const frames = (seconds: number) => Math.max(1, Math.round(seconds * fps));
  if (a.shots.length !== b.shots.length) return false;
  return a.shots.every((shot, index) => {
    const other = b.shots[index]!;
    if (shot.sceneId !== other.sceneId || shot.shotId !== other.shotId || shot.transition !== other.transition) return false;
    if (frames(shot.durationSeconds) !== frames(other.durationSeconds) || Math.round(shot.sourceStartSeconds * fps) !== Math.round(other.sourceStartSeconds * fps)) return false;
    if ((shot.clipSeconds ?? 0) !== (other.clipSeconds ?? 0)) return false;
    if (shot.dialogue.length !== other.dialogue.length) return false;
    return shot.dialogue.every((line, lineIndex) => {
      const theirs = other.dialogue[lineIndex]!;
      return line.sceneId === theirs.sceneId && line.lineNumber === theirs.lineNumber && Math.abs(line.offsetSeconds - theirs.offsetSeconds) < 0.001;
    });
  });
}

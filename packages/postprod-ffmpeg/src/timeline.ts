import type { EditCard, EditRequest, EditShot, Transition } from '@cinema/core';

/** What `computeTimeline` needs from an `EditRequest`. */
export interface TimelineInput {
  fps: number;
  shots: readonly Pick<EditShot, 'sceneId' | 'shotId' | 'durationSeconds' | 'transition' | 'dialogue' | 'sourceStartSeconds'>[];
  titleCard?: EditCard | undefined;
  endCard?: EditCard | undefined;
}

export interface TimelineOptions {
  /** Length of a crossfade or fade to black, in seconds. Default: 0.5. Shortened for short shots. */
  transitionSeconds?: number;
}

/** How a segment hands over to the next one, resolved to whole frames. */
export interface ResolvedTransition {
  type: Transition;
  /** Frames the two segments overlap (always even); 0 for a cut and after the last segment. */
  overlapFrames: number;
  /** Frames faded to black at the very end of the film (last segment only), else 0. */
  fadeOutFrames: number;
}

export interface TimelineSegment {
  kind: 'title' | 'shot' | 'end';
  /** Index into `request.shots` for a shot segment. */
  shotIndex: number | undefined;
  sceneId: string | undefined;
  shotId: string | undefined;
  /** Length of the segment's own material, in frames (the shot's duration, or the card's). */
  frames: number;
  /** Frame of the clip the segment's material starts at (the shot's `sourceStartSeconds`); 0 for a card. */
  sourceStartFrame: number;
  /** Frame of the film at which this segment starts (transitions into it overlap earlier ones). */
  startFrame: number;
  /** `startFrame` in seconds. */
  start: number;
  /** `frames` in seconds. */
  duration: number;
  transitionOut: ResolvedTransition;
}

/** A dialogue line placed on the film's clock. */
export interface PlacedDialogue {
  sceneId: string;
  shotId: string;
  speaker: string;
  text: string;
  audioPath: string;
  /** Which line of the screenplay it is, when the edit says (`EditDialogue.line`). */
  line: { sceneId: string; lineNumber: number } | undefined;
  /** Seconds from the start of the film. */
  start: number;
}

export interface EditTimeline {
  fps: number;
  segments: TimelineSegment[];
  totalFrames: number;
  durationSeconds: number;
  /** Dialogue in film order. */
  dialogue: PlacedDialogue[];
  warnings: string[];
}

/** One subtitle cue, in seconds from the start of the film. */
export interface SubtitleCue {
  start: number;
  end: number;
  text: string;
}

/**
 * Lays the edit out on whole frames: each segment starts where the previous one ends, minus the
 * overlap of a crossfade or a fade to black between them; title and end cards add their length.
 */
export function computeTimeline(input: TimelineInput, options: TimelineOptions = {}): EditTimeline {
  const { fps } = input;
  const transitionSeconds = options.transitionSeconds ?? 0.5;
  const warnings: string[] = [];
  const toFrames = (seconds: number) => Math.max(1, Math.round(seconds * fps));

  interface Draft {
    kind: TimelineSegment['kind'];
    shotIndex: number | undefined;
    sceneId: string | undefined;
    shotId: string | undefined;
    frames: number;
    sourceStartFrame: number;
    transition: Transition;
  }
  const drafts: Draft[] = [];
  if (input.titleCard != null) {
    drafts.push({ kind: 'title', shotIndex: undefined, sceneId: undefined, shotId: undefined, frames: toFrames(input.titleCard.durationSeconds), sourceStartFrame: 0, transition: 'cut' });
  }
  input.shots.forEach((shot, shotIndex) => {
    drafts.push({ kind: 'shot', shotIndex, sceneId: shot.sceneId, shotId: shot.shotId, frames: toFrames(shot.durationSeconds), sourceStartFrame: Math.max(0, Math.round((shot.sourceStartSeconds ?? 0) * fps)), transition: shot.transition });
  });
  if (input.endCard != null) {
    drafts.push({ kind: 'end', shotIndex: undefined, sceneId: undefined, shotId: undefined, frames: toFrames(input.endCard.durationSeconds), sourceStartFrame: 0, transition: 'cut' });
  }

  const wanted = 2 * Math.round((transitionSeconds * fps) / 2);
  const segments: TimelineSegment[] = [];
  let startFrame = 0;
  drafts.forEach((draft, index) => {
    const next = drafts[index + 1];
    let overlapFrames = 0;
    let fadeOutFrames = 0;
    if (draft.transition !== 'cut') {
      // A segment may lose at most 40% of its frames to each neighbouring transition, so every
      // segment keeps a body of its own between its incoming and outgoing transitions.
      const limit = next == null ? draft.frames : Math.min(draft.frames, next.frames);
      const frames = Math.min(wanted, 2 * Math.floor((0.4 * limit) / 2));
      if (frames < 2) {
        warnings.push(`${describe(draft)}: too short for a ${draft.transition}; cut instead.`);
      } else if (next == null) {
        fadeOutFrames = frames;
      } else {
        overlapFrames = frames;
      }
    }
    segments.push({
      kind: draft.kind,
      shotIndex: draft.shotIndex,
      sceneId: draft.sceneId,
      shotId: draft.shotId,
      frames: draft.frames,
      sourceStartFrame: draft.sourceStartFrame,
      startFrame,
      start: startFrame / fps,
      duration: draft.frames / fps,
      transitionOut: { type: overlapFrames + fadeOutFrames > 0 ? draft.transition : 'cut', overlapFrames, fadeOutFrames },
    });
    startFrame += draft.frames - overlapFrames;
  });

  const dialogue: PlacedDialogue[] = [];
  for (const segment of segments) {
    if (segment.shotIndex == null) continue;
    const shot = input.shots[segment.shotIndex]!;
    for (const line of shot.dialogue) {
      dialogue.push({
        sceneId: shot.sceneId,
        shotId: shot.shotId,
        speaker: line.speaker,
        text: line.text,
        audioPath: line.audioPath,
        line: line.line,
        start: segment.start + Math.max(0, line.offsetSeconds),
      });
    }
  }
  dialogue.sort((a, b) => a.start - b.start);

  return { fps, segments, totalFrames: startFrame, durationSeconds: startFrame / fps, dialogue, warnings };
}

function describe(draft: { kind: string; sceneId?: string | undefined; shotId?: string | undefined }): string {
  return draft.kind === 'shot' ? `${draft.sceneId}/${draft.shotId}` : `the ${draft.kind} card`;
}

/** The film's timeline with its subtitle cues: everything about the edit that is not pixels. */
export interface FilmTimeline extends EditTimeline {
  cues: SubtitleCue[];
}

/**
 * The one layout of an edit, which the ffmpeg renderer cuts and `@cinema/export` writes as an
 * editor's timeline, so the two agree frame for frame: every shot's and card's frames, the clip
 * frame each shot starts at, transitions, each line's place on the film's clock, and the subtitles.
 */
export function filmTimeline(request: Pick<EditRequest, 'format' | 'shots' | 'titleCard' | 'endCard'>, options: TimelineOptions = {}): FilmTimeline {
  const timeline = computeTimeline({ fps: request.format.fps, shots: request.shots, titleCard: request.titleCard, endCard: request.endCard }, options);
  return { ...timeline, cues: subtitleCues(timeline) };
}

/** Seconds a subtitle stays up when no later line replaces it: about 15 characters a second, 1.5 s to 7 s. */
export function readingSeconds(text: string): number {
  const characters = Array.from(text.replace(/\s+/g, ' ').trim()).length;
  return Math.min(7, Math.max(1.5, 0.5 + characters / 15));
}

/**
 * One cue per dialogue line: it starts when the line is spoken and ends when the next line starts or
 * after `readingSeconds(text)`, whichever is first, and never after the film ends.
 */
export function subtitleCues(timeline: Pick<EditTimeline, 'dialogue' | 'durationSeconds'>): SubtitleCue[] {
  const cues: SubtitleCue[] = [];
  const lines = timeline.dialogue.filter((line) => line.start < timeline.durationSeconds);
  lines.forEach((line, index) => {
    const next = lines[index + 1];
    let end = line.start + readingSeconds(line.text);
    if (next != null && next.start > line.start) end = Math.min(end, next.start);
    end = Math.min(end, timeline.durationSeconds);
    cues.push({ start: line.start, end, text: line.text });
  });
  return cues;
}

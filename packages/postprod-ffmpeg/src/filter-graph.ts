import { escapeFilterValue } from './filter-escape.js';
import type { EditTimeline } from './timeline.js';

/** Text drawn on the picture: the file holding it and where it goes. */
export interface TextOverlay {
  /** A UTF-8 file holding the text exactly as it should appear. */
  textFile: string;
  fontSize: number;
  /** A drawtext `y` expression made only of numbers and drawtext variables. */
  y: string;
  /** Shown only between these seconds; always shown when absent. */
  between?: { start: number; end: number };
  box?: boolean;
}

/** A `drawtext` filter reading its text from a file, with `%` expansion off so text is drawn as written. */
export function drawTextFilter(overlay: TextOverlay, fontFile: string): string {
  const options = [
    `fontfile=${escapeFilterValue(fontFile)}`,
    `textfile=${escapeFilterValue(overlay.textFile)}`,
    'expansion=none',
    'fontcolor=white',
    `fontsize=${overlay.fontSize}`,
    'x=(w-text_w)/2',
    `y=${overlay.y}`,
    `line_spacing=${Math.round(overlay.fontSize / 4)}`,
  ];
  if (overlay.box === true) options.push('box=1', 'boxcolor=black@0.55', `boxborderw=${Math.max(2, Math.round(overlay.fontSize / 3))}`);
  if (overlay.between != null) options.push(`enable='between(t,${seconds(overlay.between.start)},${seconds(overlay.between.end)})'`);
  return `drawtext=${options.join(':')}`;
}

/** Seconds as a short decimal for filter options. */
export function seconds(value: number): string {
  return String(Math.round(value * 1_000_000) / 1_000_000);
}

/**
 * The filters that make a clip of any size, frame rate, pixel format and length into exactly `frames`
 * frames of the film: scaled to fit and padded with black, square pixels, the film's rate, started
 * `sourceStartFrame` frames in (an editor's trim of the shot's head), and held on its last frame when
 * it is shorter than its shot. A clip in the film's format already passes through them unchanged.
 */
export function clipFilter(format: { width: number; height: number; fps: number }, frames: number, sourceStartFrame = 0): string {
  const { width, height, fps } = format;
  return [
    'setpts=PTS-STARTPTS',
    `scale=${width}:${height}:force_original_aspect_ratio=decrease`,
    `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:black`,
    'setsar=1',
    `fps=${fps}`,
    ...(sourceStartFrame > 0 ? [`trim=start_frame=${sourceStartFrame}`, 'setpts=PTS-STARTPTS'] : []),
    'format=yuv420p',
    `tpad=stop_mode=clone:stop_duration=${seconds(frames / fps + 1)}`,
    `trim=end_frame=${frames}`,
  ].join(',');
}

/**
 * The video half of the final graph: joins the segments (inputs `[0:v]`..`[n-1:v]`) with their
 * transitions into `[vjoined]`. Each input first goes through its `inputFilters` entry (`clipFilter`
 * for a clip in any format), or, without one, is only cut to its segment's frames (a segment in the
 * film's format already, such as a card). With `useXfade` the overlaps are `xfade`s; without it every
 * segment is cut into pieces and the overlaps are rebuilt from `overlay` with a fading alpha
 * (crossfade) or `fade` out/in (fade to black), which gives the same frames count.
 */
export function videoJoinGraph(timeline: EditTimeline, useXfade: boolean, inputFilters: readonly (string | undefined)[] = []): string[] {
  const { segments, fps } = timeline;
  const chains: string[] = [];
  segments.forEach((segment, index) => {
    const prepare = inputFilters[index] ?? `setpts=PTS-STARTPTS,fps=${fps},trim=end_frame=${segment.frames}`;
    chains.push(`[${index}:v]${prepare},setpts=PTS-STARTPTS,format=yuv420p,setsar=1,settb=AVTB[s${index}]`);
  });
  const last = segments.length - 1;
  const lastSegment = segments[last]!;
  const endFade = lastSegment.transitionOut.fadeOutFrames;

  if (useXfade) {
    let current = 's0';
    for (let index = 1; index < segments.length; index += 1) {
      const previous = segments[index - 1]!;
      const segment = segments[index]!;
      const label = `x${index}`;
      const { type, overlapFrames } = previous.transitionOut;
      if (overlapFrames === 0) {
        chains.push(`[${current}][s${index}]concat=n=2:v=1:a=0[${label}]`);
      } else {
        const transition = type === 'fade_to_black' ? 'fadeblack' : 'fade';
        chains.push(
          `[${current}][s${index}]xfade=transition=${transition}:duration=${seconds(overlapFrames / fps)}:offset=${seconds(segment.startFrame / fps)}[${label}]`,
        );
      }
      current = label;
    }
    const tail = endFade > 0 ? `,fade=t=out:start_frame=${lastSegment.startFrame + lastSegment.frames - endFade}:nb_frames=${endFade}` : '';
    chains.push(`[${current}]setpts=PTS-STARTPTS${tail}[vjoined]`);
    return chains;
  }

  const pieces: string[] = [];
  segments.forEach((segment, index) => {
    const incoming = index > 0 ? segments[index - 1]!.transitionOut : undefined;
    const outgoing = segment.transitionOut;
    const inFrames = incoming?.overlapFrames ?? 0;
    const outFrames = outgoing.overlapFrames;
    const keepStart = incoming == null || inFrames === 0 ? 0 : incoming.type === 'crossfade' ? inFrames : inFrames / 2;
    const keepEnd = outFrames === 0 ? segment.frames : outgoing.type === 'crossfade' ? segment.frames - outFrames : segment.frames - outFrames / 2;
    const outputs = [`b${index}`];
    if (incoming?.type === 'crossfade' && inFrames > 0) outputs.push(`h${index}`);
    if (outgoing.type === 'crossfade' && outFrames > 0) outputs.push(`t${index}`);
    const source = `s${index}`;
    if (outputs.length > 1) chains.push(`[${source}]split=${outputs.length}${outputs.map((output) => `[${output}in]`).join('')}`);
    const input = (output: string) => (outputs.length > 1 ? `${output}in` : source);

    const fades: string[] = [];
    if (incoming?.type === 'fade_to_black' && inFrames > 0) fades.push(`fade=t=in:start_frame=0:nb_frames=${inFrames / 2}`);
    const bodyFrames = keepEnd - keepStart;
    if (outgoing.type === 'fade_to_black' && outFrames > 0) fades.push(`fade=t=out:start_frame=${bodyFrames - outFrames / 2}:nb_frames=${outFrames / 2}`);
    if (index === last && endFade > 0) fades.push(`fade=t=out:start_frame=${bodyFrames - endFade}:nb_frames=${endFade}`);
    chains.push(`[${input(`b${index}`)}]trim=start_frame=${keepStart}:end_frame=${keepEnd},setpts=PTS-STARTPTS${fades.map((fade) => `,${fade}`).join('')}[b${index}]`);
    if (outputs.includes(`h${index}`)) {
      chains.push(`[${input(`h${index}`)}]trim=start_frame=0:end_frame=${inFrames},setpts=PTS-STARTPTS,format=yuva420p,fade=t=in:start_frame=0:nb_frames=${inFrames}:alpha=1[h${index}]`);
    }
    if (outputs.includes(`t${index}`)) {
      chains.push(`[${input(`t${index}`)}]trim=start_frame=${segment.frames - outFrames}:end_frame=${segment.frames},setpts=PTS-STARTPTS[t${index}]`);
    }
    if (index > 0 && incoming?.type === 'crossfade' && inFrames > 0) {
      chains.push(`[t${index - 1}][h${index}]overlay=eof_action=pass,format=yuv420p[m${index}]`);
      pieces.push(`m${index}`);
    }
    pieces.push(`b${index}`);
  });
  chains.push(`${pieces.map((piece) => `[${piece}]`).join('')}concat=n=${pieces.length}:v=1:a=0,setpts=PTS-STARTPTS[vjoined]`);
  return chains;
}

/** A stretch of the film rendered by one ffmpeg process: whole frames `[startFrame, endFrame)` of the film. */
export interface VideoPart {
  /** Index of the first segment whose frames the part shows. */
  firstSegment: number;
  /** Index of the last segment the part reads (the one after the part's last, for its transition). */
  lastInput: number;
  startFrame: number;
  endFrame: number;
}

/**
 * Splits the film into parts of at most `segmentsPerPart` segments, each within one scene (the title and
 * end cards are parts of their own), cut where a segment's own body starts (after the transition into
 * it), so no transition is split: part k shows the film from the body of its first segment to the body
 * of the next part's first segment, and reads that next segment too (at most `segmentsPerPart + 1`
 * inputs) to render the transition between them. Because parts follow the scenes, a scene that gains
 * or loses a shot moves no other scene's parts: their renders are reused.
 */
export function videoParts(timeline: EditTimeline, segmentsPerPart: number): VideoPart[] {
  const { segments } = timeline;
  const bodyStart = (index: number) => segments[index]!.startFrame + (index === 0 ? 0 : segments[index - 1]!.transitionOut.overlapFrames);
  const sceneOf = (index: number) => (segments[index]!.kind === 'shot' ? `shot:${segments[index]!.sceneId}` : segments[index]!.kind);
  const parts: VideoPart[] = [];
  const size = Math.max(1, Math.floor(segmentsPerPart));
  let first = 0;
  while (first < segments.length) {
    let last = first;
    while (last + 1 < segments.length && last + 1 - first < size && sceneOf(last + 1) === sceneOf(first)) last += 1;
    const isEnd = last === segments.length - 1;
    parts.push({
      firstSegment: first,
      lastInput: isEnd ? last : last + 1,
      startFrame: bodyStart(first),
      endFrame: isEnd ? timeline.totalFrames : bodyStart(last + 1),
    });
    first = last + 1;
  }
  return parts;
}

/**
 * The graph of one video part, ending in `[vpart]`: its segments (inputs `[0:v]`.. in order) joined
 * with `videoJoinGraph` on a timeline rebased to the part's first segment, trimmed to the part's frames,
 * with `overlays` (burned subtitles, their times already relative to the part's start) drawn on top.
 * `inputFilters` are the film's segments' (see `videoJoinGraph`), indexed as `timeline.segments`.
 */
export function videoPartGraph(timeline: EditTimeline, part: VideoPart, useXfade: boolean, overlays: readonly string[] = [], inputFilters: readonly (string | undefined)[] = []): string[] {
  const base = timeline.segments[part.firstSegment]!;
  const isEnd = part.lastInput === timeline.segments.length - 1 && part.endFrame === timeline.totalFrames;
  const segments = timeline.segments.slice(part.firstSegment, part.lastInput + 1).map((segment, index, list) => {
    const startFrame = segment.startFrame - base.startFrame;
    // The look-ahead segment is only read for the transition into it: nothing of its own end is shown.
    const lookAhead = index === list.length - 1 && !isEnd;
    return {
      ...segment,
      startFrame,
      start: startFrame / timeline.fps,
      transitionOut: lookAhead ? { type: 'cut' as const, overlapFrames: 0, fadeOutFrames: 0 } : segment.transitionOut,
    };
  });
  const last = segments[segments.length - 1]!;
  const totalFrames = last.startFrame + last.frames;
  const local: EditTimeline = { fps: timeline.fps, segments, totalFrames, durationSeconds: totalFrames / timeline.fps, dialogue: [], warnings: [] };
  const chains = videoJoinGraph(local, useXfade, inputFilters.slice(part.firstSegment, part.lastInput + 1));
  const from = part.startFrame - base.startFrame;
  const to = part.endFrame - base.startFrame;
  chains.push(`[vjoined]trim=start_frame=${from}:end_frame=${to},setpts=PTS-STARTPTS${overlays.map((overlay) => `,${overlay}`).join('')},format=yuv420p[vpart]`);
  return chains;
}

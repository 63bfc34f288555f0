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
 * The video half of the final graph: joins the normalised segments (inputs `[0:v]`..`[n-1:v]`) with
 * their transitions into `[vjoined]`. With `useXfade` the overlaps are `xfade`s; without it every
 * segment is cut into pieces and the overlaps are rebuilt from `overlay` with a fading alpha
 * (crossfade) or `fade` out/in (fade to black), which gives the same frames count.
 */
export function videoJoinGraph(timeline: EditTimeline, useXfade: boolean): string[] {
  const { segments, fps } = timeline;
  const chains: string[] = [];
  segments.forEach((_, index) => {
    chains.push(`[${index}:v]setpts=PTS-STARTPTS,fps=${fps},format=yuv420p,setsar=1,settb=AVTB[s${index}]`);
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

export interface AudioInput {
  /** ffmpeg input index of the dialogue file. */
  inputIndex: number;
  /** Seconds from the start of the film. */
  start: number;
}

/**
 * The audio half of the final graph, ending in `[aout]`: every dialogue line delayed to its place and
 * padded to the film's length, the music bed at its volume, summed (amix of equal-length inputs,
 * then multiplied back by the input count, which is `normalize=0` on builds that lack the option),
 * and loudness-normalised with `loudnorm`, or `dynaudnorm` when the build has no loudnorm.
 */
export function audioGraph(options: {
  durationSeconds: number;
  dialogue: readonly AudioInput[];
  music?: { inputIndex: number; volume: number } | undefined;
  loudness: 'loudnorm' | 'dynaudnorm' | 'none';
}): string[] {
  const { durationSeconds } = options;
  const end = seconds(durationSeconds);
  const format = 'aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo';
  const chains: string[] = [];
  const labels: string[] = [];
  options.dialogue.forEach((line, index) => {
    const delay = Math.max(0, Math.round(line.start * 1000));
    chains.push(`[${line.inputIndex}:a]${format},asetpts=PTS-STARTPTS,adelay=${delay}|${delay},apad,atrim=end=${end}[d${index}]`);
    labels.push(`d${index}`);
  });
  if (options.music != null) {
    chains.push(`[${options.music.inputIndex}:a]${format},asetpts=PTS-STARTPTS,volume=${options.music.volume},apad,atrim=end=${end}[music]`);
    labels.push('music');
  }
  if (labels.length === 0) {
    chains.push(`anullsrc=r=48000:cl=stereo,atrim=end=${end}[aout]`);
    return chains;
  }
  const mixed =
    labels.length === 1
      ? `[${labels[0]}]anull`
      : `${labels.map((label) => `[${label}]`).join('')}amix=inputs=${labels.length}:duration=first:dropout_transition=0,volume=${labels.length}`;
  const loudness =
    options.loudness === 'loudnorm'
      ? ',loudnorm=I=-16:TP=-1.5:LRA=11,aresample=48000'
      : options.loudness === 'dynaudnorm'
        ? ',dynaudnorm'
        : '';
  chains.push(`${mixed}${loudness},${format},atrim=end=${end},asetpts=PTS-STARTPTS[aout]`);
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
 * Splits the film into parts of at most `segmentsPerPart` segments, cut where a segment's own body
 * starts (after the transition into it), so no transition is split: part k shows the film from the
 * body of its first segment to the body of the next part's first segment, and reads that next segment
 * too (at most `segmentsPerPart + 1` inputs) to render the transition between them.
 */
export function videoParts(timeline: EditTimeline, segmentsPerPart: number): VideoPart[] {
  const { segments } = timeline;
  const bodyStart = (index: number) => segments[index]!.startFrame + (index === 0 ? 0 : segments[index - 1]!.transitionOut.overlapFrames);
  const parts: VideoPart[] = [];
  const size = Math.max(1, Math.floor(segmentsPerPart));
  for (let first = 0; first < segments.length; first += size) {
    const last = Math.min(first + size, segments.length) - 1;
    const isEnd = last === segments.length - 1;
    parts.push({
      firstSegment: first,
      lastInput: isEnd ? last : last + 1,
      startFrame: bodyStart(first),
      endFrame: isEnd ? timeline.totalFrames : bodyStart(last + 1),
    });
  }
  return parts;
}

/**
 * The graph of one video part, ending in `[vpart]`: its segments (inputs `[0:v]`.. in order) joined
 * with `videoJoinGraph` on a timeline rebased to the part's first segment, trimmed to the part's frames,
 * with `overlays` (burned subtitles, their times already relative to the part's start) drawn on top.
 */
export function videoPartGraph(timeline: EditTimeline, part: VideoPart, useXfade: boolean, overlays: readonly string[] = []): string[] {
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
  const chains = videoJoinGraph(local, useXfade);
  const from = part.startFrame - base.startFrame;
  const to = part.endFrame - base.startFrame;
  chains.push(`[vjoined]trim=start_frame=${from}:end_frame=${to},setpts=PTS-STARTPTS${overlays.map((overlay) => `,${overlay}`).join('')},format=yuv420p[vpart]`);
  return chains;
}

/** Dialogue lines mixed by one ffmpeg process: the film's audio from `startMs` to the next chunk's start. */
export interface DialogueChunk {
  /** Where the chunk starts, in whole milliseconds from the start of the film (0 for the first). */
  startMs: number;
  /** Sample (48 kHz) of the film where the chunk's part ends: the next chunk's start, or the film's end. */
  endSample: number;
  /** Indexes into the placed lines, which all start at or after `startMs`. */
  lines: number[];
  /** Each line's delay from the chunk's start, in milliseconds. */
  delaysMs: number[];
}

/**
 * Groups dialogue lines (in film order) into chunks of at most `linesPerChunk` lines. A line goes in at
 * the millisecond `adelay` puts it (`round(start * 1000)`), exactly as when every line is mixed at once.
 * A chunk is only cut where the start moves on, so lines starting on the same millisecond stay together.
 */
export function dialogueChunks(starts: readonly number[], filmSamples: number, linesPerChunk: number): DialogueChunk[] {
  const chunks: DialogueChunk[] = [];
  const size = Math.max(1, Math.floor(linesPerChunk));
  starts.forEach((start, index) => {
    const delay = Math.max(0, Math.round(start * 1000));
    const current = chunks[chunks.length - 1];
    if (current == null || (current.lines.length >= size && delay > current.startMs && delay * 48 < filmSamples)) {
      chunks.push({ startMs: current == null ? 0 : delay, endSample: filmSamples, lines: [], delaysMs: [] });
    }
    const chunk = chunks[chunks.length - 1]!;
    chunk.lines.push(index);
    chunk.delaysMs.push(delay - chunk.startMs);
  });
  chunks.forEach((chunk, index) => {
    const next = chunks[index + 1];
    if (next != null) chunk.endSample = next.startMs * 48;
  });
  return chunks;
}

/**
 * The graph of one dialogue chunk. Inputs: the previous chunk's overflow first (when `hasOverflow`),
 * then the chunk's lines. Every input is summed at its delay (amix of inputs padded without end, then
 * multiplied back by the input count: an exact sum on builds whose amix has no `normalize`), for as
 * long as the longest input lasts and at least the chunk's length, which a silent copy of every input
 * (`volume=0`) measures. `[part]` is the chunk's own stretch of the film, exactly
 * `endSample - startMs * 48` samples; `[over]` (when `withOverflow`) is what rings on past it (lines
 * longer than the gap to the next chunk), plus one silent sample so it is never empty.
 */
export function dialogueChunkGraph(chunk: DialogueChunk, options: { hasOverflow: boolean; withOverflow: boolean }): string[] {
  const format = 'aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo';
  const length = chunk.endSample - chunk.startMs * 48;
  const chains: string[] = [];
  const sources: string[] = [];
  if (options.hasOverflow) {
    chains.push(`[0:a]${format},asetpts=PTS-STARTPTS,asplit=2[m0][z0]`);
    sources.push('0');
  }
  const offset = options.hasOverflow ? 1 : 0;
  chunk.delaysMs.forEach((delay, index) => {
    const input = index + offset;
    chains.push(`[${input}:a]${format},asetpts=PTS-STARTPTS,adelay=${delay}|${delay},asplit=2[m${input}][z${input}]`);
    sources.push(String(input));
  });
  const silent = sources.length === 1 ? `[z${sources[0]}]anull` : `${sources.map((source) => `[z${source}]`).join('')}amix=inputs=${sources.length}:duration=longest:dropout_transition=0`;
  chains.push(`${silent},volume=0,apad=whole_len=${length}[drive]`);
  for (const source of sources) chains.push(`[m${source}]apad[p${source}]`);
  const mixed = `[drive]${sources.map((source) => `[p${source}]`).join('')}amix=inputs=${sources.length + 1}:duration=first:dropout_transition=0,volume=${sources.length + 1}`;
  if (!options.withOverflow) {
    chains.push(`${mixed},atrim=end_sample=${length}[part]`);
    return chains;
  }
  chains.push(`${mixed},asplit=2[whole][rest]`);
  chains.push(`[whole]atrim=end_sample=${length}[part]`);
  chains.push(`[rest]atrim=start_sample=${length},asetpts=PTS-STARTPTS,apad=pad_len=1[over]`);
  return chains;
}

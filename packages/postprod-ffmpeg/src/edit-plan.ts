import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { EditCard, EditRequest } from '@cinema/core';
import { audioGraph, dialogueChunkGraph, dialogueChunks, drawTextFilter, seconds, videoPartGraph, videoParts, type TextOverlay } from './filter-graph.js';
import { FfmpegError } from './ffmpeg-error.js';
import type { FfmpegInstallation } from './find-ffmpeg.js';
import { formatSrt } from './srt.js';
import { computeTimeline, subtitleCues, type EditTimeline, type SubtitleCue } from './timeline.js';

/** One run of ffmpeg: its inputs (each with the options before its `-i`), output options and output file. */
export interface FfmpegStep {
  /** Shown in progress events, e.g. `normalise scene_1/shot_1`, `title card`, `render`. */
  name: string;
  /**
   * `clip` and `card` make the normalised segments (reused when valid); `part` renders a stretch of the
   * film from at most `segmentsPerPart + 1` segments; `audio` mixes a chunk of dialogue lines; `final`
   * joins the parts with the concat demuxer, mixes the music and normalises loudness.
   */
  kind: 'clip' | 'card' | 'part' | 'audio' | 'final';
  inputs: { path: string; options: string[] }[];
  outputOptions: string[];
  /** The file ffmpeg writes (a temporary name; renamed to `target` once it is complete). */
  output: string;
  /** Where the finished file goes. */
  target: string;
  /** More files the same ffmpeg run writes, each with the options before it (also renamed to `target`). */
  extraOutputs?: { output: string; target: string; options: string[] }[];
  /** Length of what this step writes, for progress percentages. */
  durationSeconds: number;
  /** Shot the step is about, for error messages. */
  shot?: { sceneId: string; shotId: string };
}

export interface EditPlanOptions {
  installation: FfmpegInstallation;
  /** TTF/OTF font for cards and burned subtitles. Default: DejaVu Sans from `dejavu-fonts-ttf`. */
  fontPath?: string;
  /** Use `xfade` for transitions. Default: when the build has it. `false` forces the overlay/fade fallback. */
  useXfade?: boolean;
  /** Length of crossfades and fades to black. Default: 0.5 s. */
  transitionSeconds?: number;
  /** x264 preset of the final encode. Default: `veryfast`. */
  preset?: string;
  /** x264 CRF of the final encode. Default: 20. */
  crf?: number;
  /** Segments (shots and cards) one ffmpeg process joins; it reads one more for the transition out. Default: 8. */
  segmentsPerPart?: number;
  /** Dialogue lines one ffmpeg process mixes (plus what rings on from the previous chunk). Default: 8. */
  linesPerChunk?: number;
}

export interface EditPlan {
  timeline: EditTimeline;
  cues: SubtitleCue[];
  /** The `.srt` document for `request.subtitlesPath`. */
  srt: string;
  /** Segment files of the final graph, in film order (normalised clips and rendered cards). */
  segmentFiles: string[];
  /**
   * Steps in order: clip and card steps are independent of each other; part steps need the segments
   * they read; each audio step needs the one before it (what rings on past its chunk); the final step
   * needs every part and audio step. No step has more than `segmentsPerPart + 1` or
   * `linesPerChunk + 1` inputs (plus the music bed), however long the film.
   */
  steps: FfmpegStep[];
  /** Folder in `workDir` for this render's parts and chunks, which only the final step reads; remove it afterwards. */
  scratchDir: string;
  warnings: string[];
  /** Whether transitions use `xfade` (else the overlay/fade fallback). */
  useXfade: boolean;
}

/** Changes whenever the way clips and cards are normalised changes, so stale files are not reused. */
const recipeVersion = 'v1';

/** The font shipped with this package: DejaVu Sans from `dejavu-fonts-ttf`. */
export function defaultFontPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf');
}

/** SHA-256 of a file's bytes. */
export async function fileChecksum(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Lays out the edit and builds every ffmpeg command for it, writing the text files the commands read
 * (card titles, subtitle cues) into `request.workDir`. Running `steps` in order with the installation's
 * ffmpeg (`stepArgs` gives each argv) and renaming each `output` to its `target` makes the film.
 */
export async function prepareEditPlan(request: EditRequest, options: EditPlanOptions): Promise<EditPlan> {
  const { installation } = options;
  const { width, height, fps } = request.format;
  const fontPath = path.resolve(options.fontPath ?? defaultFontPath());
  const workDir = path.resolve(request.workDir);
  await mkdir(workDir, { recursive: true });
  const warnings: string[] = [];
  const useXfade = options.useXfade ?? installation.hasFilter('xfade');
  if (options.useXfade === true && !installation.hasFilter('xfade')) {
    throw new FfmpegError({
      category: 'config',
      message: `useXfade is true but the ffmpeg at ${installation.ffmpegPath} (${installation.version}) has no xfade filter: leave useXfade unset, or set FFMPEG_PATH to ffmpeg 4.3 or newer.`,
    });
  }
  const canDrawText = installation.hasFilter('drawtext');

  const timeline = computeTimeline(
    { fps, shots: request.shots, titleCard: request.titleCard, endCard: request.endCard },
    options.transitionSeconds == null ? {} : { transitionSeconds: options.transitionSeconds },
  );
  warnings.push(...timeline.warnings);
  const cues = subtitleCues(timeline);
  const srt = formatSrt(cues);

  const steps: FfmpegStep[] = [];
  const segmentFiles: string[] = [];
  const x264 = (preset: string, crf: number) => ['-c:v', 'libx264', '-preset', preset, '-crf', String(crf), '-pix_fmt', 'yuv420p'];
  const fontSize = (fraction: number) => Math.max(8, Math.round(height * fraction));

  for (const segment of timeline.segments) {
    const durationSeconds = segment.frames / fps;
    if (segment.kind === 'shot') {
      const shot = request.shots[segment.shotIndex!]!;
      const checksum = await fileChecksum(shot.videoPath);
      const key = shortHash([recipeVersion, checksum, width, height, fps, segment.frames].join('|'));
      const target = path.join(workDir, `clip-${safeName(shot.sceneId)}-${safeName(shot.shotId)}-${key}.mp4`);
      segmentFiles.push(target);
      const filter = [
        'setpts=PTS-STARTPTS',
        `scale=${width}:${height}:force_original_aspect_ratio=decrease`,
        `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:black`,
        'setsar=1',
        `fps=${fps}`,
        'format=yuv420p',
        `tpad=stop_mode=clone:stop_duration=${seconds(durationSeconds + 1)}`,
        `trim=end_frame=${segment.frames}`,
      ].join(',');
      steps.push({
        name: `normalise ${shot.sceneId}/${shot.shotId}`,
        kind: 'clip',
        inputs: [{ path: path.resolve(shot.videoPath), options: ['-hide_banner', '-nostdin'] }],
        outputOptions: ['-an', '-sn', '-filter:v', filter, '-frames:v', String(segment.frames), ...x264('ultrafast', 14), '-f', 'mp4'],
        output: `${target}.partial`,
        target,
        durationSeconds,
        shot: { sceneId: shot.sceneId, shotId: shot.shotId },
      });
      continue;
    }
    const card = (segment.kind === 'title' ? request.titleCard : request.endCard) as EditCard;
    const fontChecksum = shortHash(fontPath);
    const key = shortHash([recipeVersion, card.title, card.subtitle ?? '', width, height, fps, segment.frames, fontChecksum, canDrawText].join('|'));
    const base = path.join(workDir, `card-${segment.kind}-${key}`);
    const target = `${base}.mp4`;
    segmentFiles.push(target);
    const overlays: TextOverlay[] = [];
    if (canDrawText) {
      const titleSize = fontSize(1 / 10);
      const subtitleSize = fontSize(1 / 20);
      await writeFile(`${base}-title.txt`, wrapText(card.title, maxCharacters(width, titleSize)), 'utf8');
      const hasSubtitle = card.subtitle != null && card.subtitle.trim() !== '';
      overlays.push({ textFile: `${base}-title.txt`, fontSize: titleSize, y: hasSubtitle ? `h/2-text_h-${Math.round(height / 40)}` : '(h-text_h)/2' });
      if (hasSubtitle) {
        await writeFile(`${base}-subtitle.txt`, wrapText(card.subtitle!, maxCharacters(width, subtitleSize)), 'utf8');
        overlays.push({ textFile: `${base}-subtitle.txt`, fontSize: subtitleSize, y: `h/2+${Math.round(height / 40)}` });
      }
    } else {
      warnings.push(`This ffmpeg (${installation.version}) has no drawtext filter: the ${segment.kind} card is plain black without its text.`);
    }
    const filter = [...overlays.map((overlay) => drawTextFilter(overlay, fontPath)), 'format=yuv420p', 'setsar=1'].join(',');
    steps.push({
      name: `${segment.kind} card`,
      kind: 'card',
      inputs: [{ path: `color=c=black:s=${width}x${height}:r=${fps}:d=${seconds(durationSeconds + 1)}`, options: ['-hide_banner', '-nostdin', '-f', 'lavfi'] }],
      outputOptions: ['-filter:v', filter, '-frames:v', String(segment.frames), ...x264('ultrafast', 14), '-f', 'mp4'],
      output: `${target}.partial`,
      target,
      durationSeconds,
    });
  }

  const dialogueLines = timeline.dialogue.filter((line) => line.start < timeline.durationSeconds);
  const hasMusic = request.music != null;
  const loudness = installation.hasFilter('loudnorm') ? 'loudnorm' : installation.hasFilter('dynaudnorm') ? 'dynaudnorm' : 'none';
  if (loudness !== 'loudnorm' && (dialogueLines.length > 0 || hasMusic)) {
    warnings.push(`This ffmpeg (${installation.version}) has no loudnorm filter: loudness ${loudness === 'none' ? 'is not normalised' : 'is evened out with dynaudnorm instead'}.`);
  }

  if (options.fontPath == null) {
    const drawn = [
      ...(request.burnSubtitles ? cues.map((cue) => cue.text) : []),
      ...[request.titleCard, request.endCard].flatMap((card) => (card == null ? [] : [card.title, card.subtitle ?? ''])),
    ].join('\n');
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Extended_Pictographic}]/u.test(drawn)) {
      warnings.push('Some card or subtitle text is in a script or emoji that the shipped DejaVu Sans font does not cover and will show as boxes; set fontPath to a font that covers it (e.g. Noto Sans CJK).');
    }
  }

  // Burned subtitles: one drawtext per cue, each drawn by the part(s) the cue overlaps.
  const cueOverlays: { start: number; end: number; textFile: string }[] = [];
  const cueSize = fontSize(1 / 16);
  if (request.burnSubtitles && cues.length > 0) {
    if (!canDrawText) {
      warnings.push(`This ffmpeg (${installation.version}) has no drawtext filter: subtitles are written to ${request.subtitlesPath} but not burned in.`);
    } else {
      for (const [index, cue] of cues.entries()) {
        const textFile = path.join(workDir, `cue-${index + 1}.txt`);
        await writeFile(textFile, wrapText(cue.text, maxCharacters(width, cueSize)), 'utf8');
        cueOverlays.push({ start: cue.start, end: cue.end, textFile });
      }
    }
  }

  // This render's parts and chunks: rebuilt every time, read once by the final step.
  const scratchDir = path.join(workDir, `render-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  await mkdir(scratchDir, { recursive: true });
  const preset = options.preset ?? 'veryfast';
  const crf = options.crf ?? 20;

  // Video: the film in parts of a few segments each, encoded as the film is (H.264, same settings),
  // so the final step joins them with the concat demuxer and copies the video as it is.
  const partFiles: string[] = [];
  for (const [index, part] of videoParts(timeline, options.segmentsPerPart ?? 8).entries()) {
    const startSeconds = part.startFrame / fps;
    const endSeconds = part.endFrame / fps;
    const overlays = cueOverlays
      .filter((cue) => cue.start < endSeconds && cue.end > startSeconds)
      .map((cue) =>
        drawTextFilter(
          { textFile: cue.textFile, fontSize: cueSize, y: `h-text_h-${Math.round(height / 14)}`, between: { start: cue.start - startSeconds, end: cue.end - startSeconds }, box: true },
          fontPath,
        ),
      );
    const target = path.join(scratchDir, `part-${String(index + 1).padStart(4, '0')}.mp4`);
    partFiles.push(target);
    const frames = part.endFrame - part.startFrame;
    steps.push({
      name: `render part ${index + 1}`,
      kind: 'part',
      inputs: segmentFiles.slice(part.firstSegment, part.lastInput + 1).map((file, inputIndex) => ({ path: file, options: inputIndex === 0 ? ['-hide_banner', '-nostdin'] : [] })),
      outputOptions: [
        '-filter_complex', videoPartGraph(timeline, part, useXfade, overlays).join(';'),
        '-map', '[vpart]',
        '-an', '-sn',
        ...x264(preset, crf),
        '-r', String(fps),
        '-frames:v', String(frames),
        '-f', 'mp4',
      ],
      output: `${target}.partial`,
      target,
      durationSeconds: frames / fps,
    });
  }

  // Dialogue: a few lines per process, each chunk handing what rings on past it to the next one.
  const filmSamples = Math.round((timeline.totalFrames * 48000) / fps);
  const chunks = dialogueChunks(dialogueLines.map((line) => line.start), filmSamples, options.linesPerChunk ?? 8);
  const chunkFiles: string[] = [];
  let overflow: string | undefined;
  for (const [index, chunk] of chunks.entries()) {
    const target = path.join(scratchDir, `dialogue-${String(index + 1).padStart(4, '0')}.wav`);
    chunkFiles.push(target);
    const withOverflow = index < chunks.length - 1;
    const overflowTarget = path.join(scratchDir, `dialogue-${String(index + 1).padStart(4, '0')}-overflow.wav`);
    const inputs: FfmpegStep['inputs'] = [
      ...(overflow == null ? [] : [{ path: overflow, options: [] as string[] }]),
      ...chunk.lines.map((lineIndex) => ({ path: path.resolve(dialogueLines[lineIndex]!.audioPath), options: [] as string[] })),
    ];
    inputs[0]!.options = ['-hide_banner', '-nostdin', ...inputs[0]!.options];
    const wav = ['-c:a', 'pcm_f32le', '-ar', '48000', '-ac', '2', '-f', 'wav'];
    steps.push({
      name: `mix dialogue ${index + 1}`,
      kind: 'audio',
      inputs,
      outputOptions: ['-filter_complex', dialogueChunkGraph(chunk, { hasOverflow: overflow != null, withOverflow }).join(';'), '-map', '[part]', ...wav],
      output: `${target}.partial`,
      target,
      ...(withOverflow ? { extraOutputs: [{ output: `${overflowTarget}.partial`, target: overflowTarget, options: ['-map', '[over]', ...wav] }] } : {}),
      durationSeconds: (chunk.endSample - chunk.startMs * 48) / 48000,
    });
    overflow = withOverflow ? overflowTarget : undefined;
  }

  const concatList = async (name: string, files: readonly string[]) => {
    const list = path.join(scratchDir, name);
    await writeFile(list, files.map((file) => `file '${file.replace(/'/g, "'\\''")}'\n`).join(''), 'utf8');
    return list;
  };
  const concat = ['-f', 'concat', '-safe', '0'];
  const inputs: FfmpegStep['inputs'] = [{ path: await concatList('video.txt', partFiles), options: ['-hide_banner', '-nostdin', ...concat] }];
  let dialogueInput: number | undefined;
  if (chunkFiles.length > 0) {
    inputs.push({ path: await concatList('dialogue.txt', chunkFiles), options: concat });
    dialogueInput = inputs.length - 1;
  }
  let music: { inputIndex: number; volume: number } | undefined;
  if (request.music != null) {
    inputs.push({ path: path.resolve(request.music.path), options: ['-stream_loop', '-1'] });
    music = { inputIndex: inputs.length - 1, volume: request.music.volume };
  }
  const graph = audioGraph({
    durationSeconds: timeline.durationSeconds,
    dialogue: dialogueInput == null ? [] : [{ inputIndex: dialogueInput, start: 0 }],
    music,
    loudness,
  });

  const outputPath = path.resolve(request.outputPath);
  steps.push({
    name: 'render',
    kind: 'final',
    inputs,
    outputOptions: [
      '-filter_complex', graph.join(';'),
      '-map', '0:v:0',
      '-map', '[aout]',
      '-c:v', 'copy',
      '-c:a', 'aac', '-b:a', '160k', '-ar', '48000', '-ac', '2',
      '-movflags', '+faststart',
      '-f', 'mp4',
    ],
    output: path.join(path.dirname(outputPath), `.${path.basename(outputPath)}.${process.pid}-${Date.now()}.partial`),
    target: outputPath,
    durationSeconds: timeline.durationSeconds,
  });

  return { timeline, cues, srt, segmentFiles, steps, scratchDir, warnings, useXfade };
}

function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

function safeName(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
}

/** Characters of the shipped font that fit across 90% of the frame at a size, roughly. */
function maxCharacters(width: number, fontSize: number): number {
  return Math.max(8, Math.floor((width * 0.9) / (fontSize * 0.68)));
}

/**
 * Breaks text into lines of at most `limit` characters, at spaces where it can and anywhere in a
 * word that is longer than a line (scripts written without spaces). Existing line breaks stay.
 */
export function wrapText(text: string, limit: number): string {
  const out: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line: string[] = [];
    const flush = () => {
      out.push(line.join(''));
      line = [];
    };
    for (const word of paragraph.split(/(\s+)/)) {
      const characters = Array.from(word);
      if (/^\s+$/.test(word)) {
        if (line.length > 0 && line.length < limit) line.push(' ');
        continue;
      }
      if (line.length > 0 && line.length + characters.length > limit) {
        while (line[line.length - 1] === ' ') line.pop();
        flush();
      }
      for (const character of characters) {
        if (line.length >= limit) flush();
        line.push(character);
      }
    }
    while (line[line.length - 1] === ' ') line.pop();
    if (line.length > 0 || out.length === 0 || paragraph === '') flush();
  }
  return out.filter((line, index) => line !== '' || index === 0).join('\n');
}

import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { temporaryPath, type EditCard, type EditRequest } from '@cinema/core';
import { createConcurrencyLimit } from './concurrency-limit.js';
import { concatList } from './concat-list.js';
import { contentKey, fileChecksum } from './content-key.js';
import { planDialogue, type SoundtrackPlan } from './dialogue-plan.js';
import { cardStep, x264, type CardKind } from './card-step.js';
import { clipFilter, drawTextFilter, videoPartGraph, videoParts } from './filter-graph.js';
import { maxCharacters, wrapText } from './text-wrap.js';
import { FfmpegError } from './ffmpeg-error.js';
import type { FfmpegStep } from './ffmpeg-step.js';
import { threadOptions, threadsPerProcess } from './ffmpeg-threads.js';
import type { FfmpegInstallation } from './find-ffmpeg.js';
import { measureAudio } from './loudness.js';
import { formatSrt } from './srt.js';
import { filmTimeline, type EditTimeline, type SubtitleCue } from './timeline.js';

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
  /** Dialogue lines one ffmpeg process mixes, counting those ringing on from the chunk before. Default: 8. */
  linesPerChunk?: number;
  /**
   * ffmpeg processes run at once: those measuring the dialogue's loudness (the only ffmpeg runs of
   * planning), and those the steps will be run by, which `threads` is shared out for. Default:
   * `os.availableParallelism()`.
   */
  concurrency?: number;
  /**
   * Threads of each ffmpeg process that renders a part (its decoders, filters and x264).
   * Default: the machine's cores divided by the processes run at once (`concurrency`, or the film's
   * parts when there are fewer), at least 1; with the default concurrency that is one thread each,
   * which at small frame sizes costs less CPU (`bench/postprod.mjs` prints both). Not part of any work
   * file's key.
   */
  threads?: number;
  /** SHA-256 of an input file. Default: `fileChecksum`, which reads it; the renderer's remembers files it read before (`files.json`). */
  checksum?: (file: string) => Promise<string>;
  /** Stops the loudness measurement. */
  abortSignal?: AbortSignal;
  /** Percent of the loudness measurement done (only files not measured by an earlier render are). */
  onMeasureProgress?: (percent: number) => void;
}

export interface EditPlan {
  timeline: EditTimeline;
  cues: SubtitleCue[];
  /** The `.srt` document for `request.subtitlesPath`. */
  srt: string;
  /** What the parts read for each segment, in film order: the clips themselves (each part normalises the clips it reads), rendered cards. */
  segmentFiles: string[];
  /**
   * Steps in film order: cards, then parts, the music bed, the audio chunks and the final join. Each
   * step's `after` names the targets it needs; steps with nothing pending may run at once (cards,
   * parts without cards and chunks without music need nothing). No step has more than
   * `segmentsPerPart + 1` or `linesPerChunk` inputs (plus the music bed), however long the film.
   */
  steps: FfmpegStep[];
  /**
   * Folder in `workDir` (`parts`) where the rendered parts and dialogue chunks are kept between renders,
   * each named by a key of everything it is made from, so a render of an edited film renders again
   * only the parts and chunks that changed. Files there that no step of this plan names are stale.
   */
  cacheDir: string;
  /** Folder in `workDir` (`text`) of the burned subtitles' text files, named by their text. */
  textDir: string;
  /** The files in `cacheDir` and `textDir` this plan reads or writes; the others there are stale. */
  cacheFiles: string[];
  /** Folder in `workDir` for this render's concat list and soundtrack, which only the final step reads; remove it afterwards. */
  scratchDir: string;
  /** The film's AAC track, joined from the chunks' frames (`joinSoundtrack`) once they exist, before the final step. */
  soundtrack: SoundtrackPlan;
  warnings: string[];
  /** Whether transitions use `xfade` (else the overlay/fade fallback). */
  useXfade: boolean;
}


/** Changes whenever the way parts are rendered changes, so stale parts are not reused. */
const partRecipe = 'part-v2';

/** The font shipped with this package: DejaVu Sans from `dejavu-fonts-ttf`. */
export function defaultFontPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf');
}

/**
 * Lays out the edit and builds every ffmpeg command for it, writing the text files the commands read
 * (card titles, subtitle cues) into `request.workDir`, and measuring the loudness and length of every
 * dialogue file the cache there (`loudness.json`) does not know yet. Running `steps` in order with the
 * installation's ffmpeg (`stepArgs` gives each argv), skipping a reusable step whose target is there,
 * and renaming each `output` to its `target` makes the film.
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

  const timeline = filmTimeline(request, options.transitionSeconds == null ? {} : { transitionSeconds: options.transitionSeconds });
  warnings.push(...timeline.warnings);
  const { cues } = timeline;
  const srt = formatSrt(cues);

  const steps: FfmpegStep[] = [];
  const checksumOf = options.checksum ?? fileChecksum;
  const segmentFiles: string[] = [];
  // What each segment file is, for the parts' keys: a card's name is a key of what it shows already; a
  // clip has its checksum here.
  const segmentKeys: string[] = [];
  // How each part brings a segment to the film's format: a clip through `clipFilter`, a card as it is.
  const segmentFilters: (string | undefined)[] = [];
  const parts = videoParts(timeline, options.segmentsPerPart ?? 8);
  const threads = threadOptions(options.threads ?? threadsPerProcess(Math.min(options.concurrency ?? availableParallelism(), parts.length)));
  const fontSize = (fraction: number) => Math.max(8, Math.round(height * fraction));

  for (const segment of timeline.segments) {
    if (segment.kind === 'shot') {
      const shot = request.shots[segment.shotIndex!]!;
      segmentFiles.push(path.resolve(shot.videoPath));
      segmentKeys.push(`clip ${await checksumOf(shot.videoPath)}`);
      segmentFilters.push(clipFilter(request.format, segment.frames, segment.sourceStartFrame));
      continue;
    }
    const card = (segment.kind === 'title' ? request.titleCard : request.endCard) as EditCard;
    const made = await cardStep(segment.kind as CardKind, card, segment.frames, { workDir, format: request.format, fontPath, installation });
    if (made.warning != null) warnings.push(made.warning);
    segmentFiles.push(made.step.target);
    segmentKeys.push(made.step.target);
    segmentFilters.push(undefined);
    steps.push(made.step);
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

  const cacheDir = path.join(workDir, 'parts');
  const textDir = path.join(workDir, 'text');
  await mkdir(cacheDir, { recursive: true });

  // Burned subtitles: one drawtext per cue, each drawn by the part(s) the cue overlaps.
  const cueOverlays: { start: number; end: number; textFile: string }[] = [];
  const cueSize = fontSize(1 / 16);
  if (request.burnSubtitles && cues.length > 0) {
    if (!canDrawText) {
      warnings.push(`This ffmpeg (${installation.version}) has no drawtext filter: subtitles are written to ${request.subtitlesPath} but not burned in.`);
    } else {
      await mkdir(textDir, { recursive: true });
      for (const cue of cues) {
        // Named by its text, so a part's graph (and key) stays the same when other lines change.
        const text = wrapText(cue.text, maxCharacters(width, cueSize));
        const textFile = path.join(textDir, `cue-${contentKey([text])}.txt`);
        await writeFile(textFile, text, 'utf8');
        cueOverlays.push({ start: cue.start, end: cue.end, textFile });
      }
    }
  }

  // This render's concat lists and soundtrack, read once by the final step.
  const scratchDir = path.join(workDir, `render-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  await mkdir(scratchDir, { recursive: true });
  const preset = options.preset ?? 'veryfast';
  const crf = options.crf ?? 20;

  // Video: the film in parts of a few segments each, encoded as the film is (H.264, same settings),
  // so the final step joins them with the concat demuxer and copies the video as it is. Each part reads
  // its clips as they are and brings them to the film's format in its own graph: one encode of the
  // picture, and nothing to learn about a clip beforehand. A part is named by a key of its graph, its
  // settings, the ffmpeg build (parts joined by stream copy must come from one encoder) and its inputs'
  // checksums (or, for cards, names that are keys of what they show).
  const madeHere = new Set(steps.map((step) => step.target));
  const partFiles: string[] = [];
  for (const [index, part] of parts.entries()) {
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
    const frames = part.endFrame - part.startFrame;
    const inputFiles = segmentFiles.slice(part.firstSegment, part.lastInput + 1);
    const inputKeys = segmentKeys.slice(part.firstSegment, part.lastInput + 1);
    const outputOptions = [
      '-filter_complex', videoPartGraph(timeline, part, useXfade, overlays, segmentFilters).join(';'),
      '-map', '[vpart]',
      '-an', '-sn',
      ...x264(preset, crf),
      '-r', String(fps),
      '-frames:v', String(frames),
    ];
    const target = path.join(cacheDir, `video-${contentKey([partRecipe, installation.version, [...outputOptions, '-f', 'mp4'].join(' '), ...inputKeys])}.mp4`);
    // Two scenes alike (the same clips, cuts and words): the second waits for the first and reuses it.
    const sameAsEarlier = partFiles.includes(target) ? [target] : [];
    partFiles.push(target);
    steps.push({
      name: `render part ${index + 1}`,
      kind: 'part',
      inputs: inputFiles.map((file, inputIndex) => ({ path: file, options: [...(inputIndex === 0 ? ['-hide_banner', '-nostdin', ...threads.global] : []), ...threads.input] })),
      outputOptions: [...outputOptions, ...threads.output, '-f', 'mp4'],
      output: `${target}.${process.pid}.partial`,
      target,
      after: [...new Set([...inputFiles.filter((file) => madeHere.has(file)), ...sameAsEarlier])],
      reusable: true,
      durationSeconds: frames / fps,
      clips: timeline.segments.slice(part.firstSegment, part.lastInput + 1).flatMap((segment, inputIndex) =>
        segment.kind === 'shot' ? [{ path: inputFiles[inputIndex]!, sceneId: segment.sceneId!, shotId: segment.shotId! }] : [],
      ),
    });
  }

  const limit = createConcurrencyLimit(options.concurrency ?? availableParallelism());
  const dialogue = await planDialogue({
    request,
    timeline,
    parts,
    installation,
    cacheDir,
    scratchDir,
    linesPerChunk: options.linesPerChunk ?? 8,
    checksum: checksumOf,
    measure: (files) =>
      measureAudio(files, {
        installation,
        workDir,
        limit,
        abortSignal: options.abortSignal,
        ...(options.onMeasureProgress == null ? {} : { onProgress: options.onMeasureProgress }),
      }),
  });
  if (dialogue.music != null) steps.push(dialogue.music);
  steps.push(...dialogue.chunks);

  const outputPath = path.resolve(request.outputPath);
  steps.push({
    name: 'render',
    kind: 'final',
    inputs: [
      { path: await concatList(path.join(scratchDir, 'video.txt'), partFiles), options: ['-hide_banner', '-nostdin', '-f', 'concat', '-safe', '0'] },
      { path: dialogue.soundtrack.target, options: ['-f', 'aac'] },
    ],
    outputOptions: ['-map', '0:v:0', '-map', '1:a:0', '-c', 'copy', '-bsf:a', 'aac_adtstoasc', '-movflags', '+faststart', '-f', 'mp4'],
    output: temporaryPath(outputPath, { hidden: true }),
    target: outputPath,
    after: [...new Set([...partFiles, ...dialogue.chunks.map((chunk) => chunk.target)])],
    durationSeconds: timeline.durationSeconds,
  });

  const cacheFiles = [...new Set([...cueOverlays.map((cue) => cue.textFile), ...steps.map((step) => step.target).filter((target) => path.dirname(target) === cacheDir)])];
  return { timeline, cues, srt, segmentFiles, steps, cacheDir, textDir, cacheFiles, scratchDir, soundtrack: dialogue.soundtrack, warnings, useXfade };
}

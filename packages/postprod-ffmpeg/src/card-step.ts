import { stat, writeFile, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { EditCard, EditRequest } from '@cinema/core';
import { contentKey } from './content-key.js';
import { drawTextFilter, seconds, type TextOverlay } from './filter-graph.js';
import type { FfmpegStep } from './ffmpeg-step.js';
import type { FfmpegInstallation } from './find-ffmpeg.js';
import { runStep } from './run-ffmpeg.js';
import { maxCharacters, wrapText } from './text-wrap.js';
import type { EditTimeline } from './timeline.js';

/** Changes whenever the way clips and cards are normalised changes, so stale files are not reused. */
export const segmentRecipe = 'v2';

/** H.264 output options at a preset and CRF. */
export const x264 = (preset: string, crf: number) => ['-c:v', 'libx264', '-preset', preset, '-crf', String(crf), '-pix_fmt', 'yuv420p'];

/**
 * How normalised clips and cards are encoded: they are read once more, by their part, so nearly
 * lossless, and about as small as the clips they come from, so they cost the work folder little.
 */
export const intermediateVideo = x264('veryfast', 18);

export type CardKind = 'title' | 'end';

export interface CardStepOptions {
  /** The edit's work folder: the card is written there, named by a key of what it shows. */
  workDir: string;
  format: EditRequest['format'];
  /** Absolute path of the font the text is drawn in. */
  fontPath: string;
  installation: FfmpegInstallation;
}

/**
 * The ffmpeg step that draws a title or end card (its text centred on black) into the work folder,
 * writing the text files it reads; a warning when this ffmpeg cannot draw text. The target's name is
 * a key of everything the card shows, so the renderer and an export find the same file.
 */
export async function cardStep(kind: CardKind, card: EditCard, frames: number, options: CardStepOptions): Promise<{ step: FfmpegStep; warning?: string }> {
  const { width, height, fps } = options.format;
  const { fontPath, installation } = options;
  const canDrawText = installation.hasFilter('drawtext');
  const fontSize = (fraction: number) => Math.max(8, Math.round(height * fraction));
  const durationSeconds = frames / fps;
  const key = contentKey([segmentRecipe, card.title, card.subtitle ?? '', width, height, fps, frames, contentKey([fontPath]), canDrawText]);
  const base = path.join(options.workDir, `card-${kind}-${key}`);
  const target = `${base}.mp4`;
  const overlays: TextOverlay[] = [];
  let warning: string | undefined;
  if (canDrawText) {
    await mkdir(options.workDir, { recursive: true });
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
    warning = `This ffmpeg (${installation.version}) has no drawtext filter: the ${kind} card is plain black without its text.`;
  }
  const filter = [...overlays.map((overlay) => drawTextFilter(overlay, fontPath)), 'format=yuv420p', 'setsar=1'].join(',');
  const step: FfmpegStep = {
    name: `${kind} card`,
    kind: 'card',
    inputs: [{ path: `color=c=black:s=${width}x${height}:r=${fps}:d=${seconds(durationSeconds + 1)}`, options: ['-hide_banner', '-nostdin', '-f', 'lavfi'] }],
    outputOptions: ['-filter:v', filter, '-frames:v', String(frames), ...intermediateVideo, '-f', 'mp4'],
    output: `${target}.partial`,
    target,
    reusable: true,
    durationSeconds,
  };
  return warning == null ? { step } : { step, warning };
}

/**
 * The files of an edit's title and end cards, as the renderer draws them, by segment kind: those a
 * render left in the work folder are used as they are, the others are drawn now.
 */
export async function cardFiles(
  request: Pick<EditRequest, 'format' | 'titleCard' | 'endCard' | 'workDir'>,
  timeline: EditTimeline,
  options: { fontPath: string; installation: FfmpegInstallation; abortSignal?: AbortSignal },
): Promise<Map<CardKind, string>> {
  const files = new Map<CardKind, string>();
  for (const segment of timeline.segments) {
    if (segment.kind === 'shot') continue;
    const card = segment.kind === 'title' ? request.titleCard : request.endCard;
    if (card == null) continue;
    const { step } = await cardStep(segment.kind, card, segment.frames, { workDir: path.resolve(request.workDir), format: request.format, fontPath: options.fontPath, installation: options.installation });
    const there = await stat(step.target).then((info) => info.size > 0, () => false);
    if (!there) {
      await runStep(step, options.installation, { abortSignal: options.abortSignal });
      await rename(step.output, step.target);
    }
    files.set(segment.kind, step.target);
  }
  return files;
}

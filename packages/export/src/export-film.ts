import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EditRequest } from '@cinema/core';
import { findFfmpeg, type FfmpegInstallation } from '@cinema/postprod-ffmpeg';
import { writeEdl } from './edl.js';
import { exportTimeline, type ExportTimeline } from './export-timeline.js';
import { writeFcpxml } from './fcpxml.js';
import type { MediaPathStyle } from './media-paths.js';
import { writeMlt } from './mlt.js';
import { writeOtio } from './otio.js';

export type ExportFormat = 'otio' | 'fcpxml' | 'mlt' | 'edl';

/** Every format, its file extension and its writer. */
export const exportFormats: Record<ExportFormat, { extension: string; write: (timeline: ExportTimeline, style: MediaPathStyle) => string }> = {
  otio: { extension: '.otio', write: writeOtio },
  fcpxml: { extension: '.fcpxml', write: writeFcpxml },
  mlt: { extension: '.mlt', write: writeMlt },
  edl: { extension: '.edl', write: writeEdl },
};

export interface ExportFilmOptions {
  /** The edit the film was rendered from (`readEditRecord`). */
  request: EditRequest;
  format: ExportFormat;
  /** Where to write. Default: beside the film, `{movieDir}/output/{movieId}.{otio|fcpxml|mlt|edl}`. */
  to?: string;
  /** Name media relative to the export's folder, so the movie folder can be moved or zipped. Default: absolute paths. */
  relativePaths?: boolean;
  /** The ffmpeg and ffprobe to measure the media with (and draw missing cards). Default: `findFfmpeg()`. */
  installation?: FfmpegInstallation;
  /** The font the film's cards were drawn in. Default: the ffmpeg editor's. */
  fontPath?: string;
  /** Length of crossfades and fades to black, as the ffmpeg editor was set. Default: 0.5 s. */
  transitionSeconds?: number;
}

/** Writes the film's timeline in one editor's format (through a temporary name) and says where, with what it could not carry. */
export async function exportFilm(options: ExportFilmOptions): Promise<{ file: string; warnings: string[]; timeline: ExportTimeline }> {
  const { request, format } = options;
  const installation = options.installation ?? (await findFfmpeg());
  const timeline = await exportTimeline(request, {
    installation,
    ...(options.fontPath == null ? {} : { fontPath: options.fontPath }),
    ...(options.transitionSeconds == null ? {} : { transitionSeconds: options.transitionSeconds }),
  });
  const file = path.resolve(options.to ?? path.join(path.dirname(request.outputPath), `${request.movieId}${exportFormats[format].extension}`));
  const text = exportFormats[format].write(timeline, options.relativePaths ? { relativeTo: path.dirname(file) } : {});
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.partial`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, file);
  const warnings = [...timeline.warnings];
  if (format === 'edl') warnings.push('An EDL carries the picture only: the dialogue, the music and the subtitles are not in it (the film\'s .srt is beside it).');
  if (format === 'mlt' && timeline.cues.length > 0) warnings.push('MLT has no subtitle track: use the film\'s .srt beside it.');
  return { file, warnings, timeline };
}

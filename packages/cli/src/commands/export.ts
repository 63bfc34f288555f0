import { resolve } from 'node:path';
import { movieLayout, readEditRecord } from '@cinema/core';
import { exportFilm, exportFormats, type ExportFormat } from '@cinema/export';
import { Option } from 'commander';
import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonOption, outOption } from '../command-options.js';
import { storeWithMovie } from '../movie-store.js';

interface ExportFlags extends SharedFlags {
  format: ExportFormat;
  to?: string;
  relativePaths?: boolean;
}

/**
 * `cinema export <movie_id> --format otio|fcpxml|mlt|edl`: the film's timeline for an editor, from
 * the edit the film was rendered from, written beside the film (or `--to FILE`).
 */
export const registerExport: RegisterCommand = (program, context) => {
  program
    .command('export')
    .description("write the film's timeline for an editor: OpenTimelineIO, FCPXML 1.10 (Final Cut Pro, DaVinci Resolve), MLT (Kdenlive, Shotcut) or a CMX 3600 EDL")
    .argument('<movie_id>')
    .addOption(new Option('--format <format>', 'the timeline format').choices(Object.keys(exportFormats)).makeOptionMandatory())
    .option('--to <file>', 'write it here (default: beside the film, {movie_id}/output/{movie_id}.{format})')
    .option('--relative-paths', "name the media relative to the exported file, so the movie's folder can be moved or zipped")
    .addOption(outOption())
    .addOption(configOption())
    .addOption(jsonOption('where the file went and the warnings as JSON'))
    .action(async (movieId: string, flags: ExportFlags) => {
      await context.withSetup('export', flags, { baseDirAccess: 'read' }, async (setup) => {
        await storeWithMovie(setup, movieId);
        const request = await readEditRecord(movieLayout.movieDir(setup.baseDir, movieId), movieId);
        const { file, warnings } = await exportFilm({
          request,
          format: flags.format,
          ...(flags.to == null ? {} : { to: resolve(context.io.cwd, flags.to) }),
          ...(flags.relativePaths ? { relativePaths: true } : {}),
        });
        if (flags.json) {
          context.print(`${JSON.stringify({ file, format: flags.format, warnings })}\n`);
          return;
        }
        for (const warning of warnings) context.io.stderr.write(`${context.style.yellow('warning')} ${warning}\n`);
        context.print(`Wrote ${file}\n`);
        if (flags.format === 'otio') context.print(`Re-cut it in your editor, export it as .otio, then: cinema import-cut ${movieId} <cut.otio>\n`);
      });
    });
};

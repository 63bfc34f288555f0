import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { cutClipSeconds, InvalidInputError, movieLayout, readEditRecord, type MovieInput } from '@cinema/core';
import { readOtioCut } from '@cinema/export';
import { findFfmpeg, probeMedia } from '@cinema/postprod-ffmpeg';
import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonProgressOption, outOption, yesOption } from '../command-options.js';
import { confirm } from '../confirm.js';
import { formatCutPlan } from '../format/format-cut-plan.js';
import { storeWithMovie } from '../movie-store.js';
import { runMovie } from '../run-movie.js';

interface ImportCutFlags extends SharedFlags {
  yes?: boolean;
}

/**
 * `cinema import-cut <movie_id> <cut.otio>`: an editor's re-cut becomes the film's edit (kept with
 * the movie, so a resume renders it too); only the edit runs again, and a shot run past its clip
 * makes that clip again longer, after showing the price.
 */
export const registerImportCut: RegisterCommand = (program, context) => {
  program
    .command('import-cut')
    .description("make the film from an editor's OpenTimelineIO re-cut: its trims, order, removed shots and moved lines; a shot run past its clip is made again longer, after showing the price")
    .argument('<movie_id>')
    .argument('<cut>', 'the .otio file your editor exported (from `cinema export --format otio`, re-cut)')
    .addOption(yesOption('make longer clips the cut needs'))
    .addOption(outOption())
    .addOption(configOption())
    .addOption(jsonProgressOption())
    .action(async (movieId: string, cutFile: string, flags: ImportCutFlags) => {
      await context.withSetup('import-cut', flags, { baseDirAccess: 'read' }, async (setup) => {
        const store = await storeWithMovie(setup, movieId);
        const file = resolve(context.io.cwd, cutFile);
        const text = await readFile(file, 'utf8').catch((error: Error) => {
          throw new InvalidInputError({ message: `Cannot read the cut ${file}: ${error.message}.`, cause: error });
        });
        const request = await readEditRecord(movieLayout.movieDir(setup.baseDir, movieId), movieId);
        const installation = await findFfmpeg();
        const clipSeconds = new Map<string, number>();
        for (const shot of request.shots) clipSeconds.set(resolve(shot.videoPath), (await probeMedia(shot.videoPath, installation)).durationSeconds);
        const currentCut = ((await store.getMovie(movieId))!.input as unknown as MovieInput).cut;
        const { cut, unchanged, warnings } = readOtioCut(text, { file, request, clipSeconds, currentCut });
        // With --json stdout carries the run's events only.
        const show = flags.json ? (line: string) => void context.io.stderr.write(line) : context.print;
        for (const warning of warnings) context.io.stderr.write(`${context.style.yellow('warning')} ${warning}\n`);
        if (unchanged) {
          show(`${file} is the film as it is: nothing to make.\n`);
          return;
        }
        const plan = await setup.maker.planCut(movieId, cut, { baseDir: setup.baseDir });
        const longer = cut.shots.filter((shot) => (shot.clipSeconds ?? 0) > cutClipSeconds(currentCut, shot.sceneId, shot.shotId));
        show(formatCutPlan(plan, cut.shots, longer, file, context.style));
        if (longer.length > 0) {
          const goAhead = await confirm(context.io, {
            yes: flags.yes,
            question: `Make ${longer.length} clip(s) again, longer, and the film from this cut?`,
            refusal: `Nothing was made: the cut needs ${longer.length} longer clip(s) (above, with the price); pass --yes to make them.`,
          });
          if (!goAhead) {
            show(`Nothing was made: ${movieId} is as it was.\n`);
            return;
          }
        }
        const code = await runMovie(setup, flags, context, (onEvent) => setup.maker.importCut(movieId, cut, { baseDir: setup.baseDir, abortSignal: context.io.abortSignal, onEvent }), movieId);
        context.setExitCode(code);
      });
    });
};

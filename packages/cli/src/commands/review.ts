import { movieLayout, type MovieInput } from '@cinema/core';
import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonOption, outFlagOf, outOption, storageOption, storeOption } from '../command-options.js';
import { writeContactSheets } from '../contact-sheets.js';
import { formatReview } from '../format/format-review.js';
import { storeWithMovie } from '../movie-store.js';
import { movieScreenplay } from '../movie-screenplay.js';
import { shotsToReview } from '../shots-to-review.js';

/**
 * `cinema review <movie_id>`: the shots that wait for approval (and those whose clip is not made),
 * with their stills, prompts and what approving them costs, and a contact sheet per scene.
 */
export const registerReview: RegisterCommand = (program, context) => {
  program
    .command('review')
    .description('list the shots waiting for approval with their stills, prompts and price, and write a contact sheet per scene')
    .argument('<movie_id>')
    .addOption(outOption())
    .addOption(configOption())
    .addOption(storeOption())
    .addOption(storageOption())
    .addOption(jsonOption('the shots and contact sheets as JSON'))
    .action(async (movieId: string, flags: SharedFlags) => {
      await context.withSetup('review', flags, { baseDirAccess: 'read' }, async (setup) => {
        const store = await storeWithMovie(setup, movieId);
        const movieDir = movieLayout.movieDir(setup.baseDir, movieId);
        const screenplay = await movieScreenplay(store, movieId);
        const input = (await store.getMovie(movieId))!.input as unknown as MovieInput;
        const shots = shotsToReview(await store.listJobs(movieId), screenplay, input, movieDir);
        const sheets = await writeContactSheets(shots, screenplay, movieDir);
        if (flags.json) {
          const costUsd = shots.reduce((sum, shot) => sum + shot.approveCostUsd, 0);
          context.print(`${JSON.stringify({ movieId, shots, costUsd, contactSheets: sheets }, null, 2)}\n`);
          return;
        }
        context.print(formatReview(movieId, shots, sheets, outFlagOf(flags), context.style));
      });
    });
};

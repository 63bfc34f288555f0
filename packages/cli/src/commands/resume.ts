import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonProgressOption, outOption, reviewOption, storageOption, storeOption } from '../command-options.js';
import { holdForReview } from '../review-gate.js';
import { runMovie } from '../run-movie.js';

interface ResumeFlags extends SharedFlags {
  review?: boolean;
}

/** `cinema resume <movie_id>`: finishes a movie after a stop or a crash. */
export const registerResume: RegisterCommand = (program, context) => {
  program
    .command('resume')
    .description('finish a movie after a stop or a crash; nothing finished is made or paid for again')
    .argument('<movie_id>')
    .addOption(outOption())
    .addOption(configOption())
    .addOption(storeOption())
    .addOption(storageOption())
    .addOption(reviewOption())
    .addOption(jsonProgressOption())
    .action(async (movieId: string, flags: ResumeFlags) => {
      await context.withSetup('resume', flags, { baseDirAccess: 'read', review: flags.review }, async (setup) => {
        if (flags.review) await holdForReview(setup, movieId);
        const code = await runMovie(setup, flags, context, (onEvent) => setup.maker.resume(movieId, { baseDir: setup.baseDir, abortSignal: context.io.abortSignal, onEvent }), movieId);
        context.setExitCode(code);
      });
    });
};

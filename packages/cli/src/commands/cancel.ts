import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonOption, outFlagOf, outOption, storageOption, storeOption } from '../command-options.js';
import { requireJobs, storeWithMovie } from '../movie-store.js';

interface CancelFlags extends SharedFlags {
  job?: string[];
}

/**
 * `cinema cancel <movie_id>`: stops paying for work nobody wants any more. Unfinished jobs end for
 * good and provider work already submitted is asked to stop; finished work is kept. (Ctrl-C is the
 * other way to stop: it keeps submitted work for `cinema resume` to pick up.)
 */
export const registerCancel: RegisterCommand = (program, context) => {
  program
    .command('cancel')
    .description("stop a movie's unfinished jobs for good and ask the providers to stop submitted work (finished work is kept)")
    .argument('<movie_id>')
    .option('--job <key...>', 'only these jobs (see `cinema jobs`)')
    .addOption(outOption())
    .addOption(configOption())
    .addOption(storeOption())
    .addOption(storageOption())
    .addOption(jsonOption('what was cancelled as JSON'))
    .action(async (movieId: string, flags: CancelFlags) => {
      await context.withSetup('cancel', flags, { baseDirAccess: 'read' }, async (setup) => {
        const store = await storeWithMovie(setup, movieId);
        await requireJobs(store, movieId, flags.job);
        const result = await setup.maker.cancel(movieId, { baseDir: setup.baseDir, keys: flags.job });
        if (flags.json) {
          context.print(`${JSON.stringify({ movieId, ...result })}\n`);
          return;
        }
        const { style } = context;
        if (result.cancelled.length === 0) {
          context.print(`Nothing to cancel: every job of ${movieId}${flags.job ? ' named' : ''} has already finished, failed or been cancelled.\n`);
          return;
        }
        context.print(`Cancelled ${result.cancelled.length} job(s) of ${movieId}; finished work is kept.\n`);
        if (result.providerCancelled.length > 0) context.print(`Asked the provider to stop ${result.providerCancelled.length} submitted job(s): ${result.providerCancelled.join(', ')}.\n`);
        for (const failure of result.providerErrors) {
          context.print(`${style.yellow('warning')} could not ask the provider to stop ${failure.key} (it may still bill for it): ${failure.message}\n`);
        }
        context.print(`Run \`cinema retry ${movieId} --failed${outFlagOf(flags)}\` to put the cancelled jobs back.\n`);
      });
    });
};

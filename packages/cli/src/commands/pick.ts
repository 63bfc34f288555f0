import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonProgressOption, outFlagOf, outOption, wholeNumber, storageOption, storeOption } from '../command-options.js';
import { formatTakes } from '../format/format-redo-plan.js';
import { requireJobs, storeWithMovie } from '../movie-store.js';
import { runMovie } from '../run-movie.js';

/** `cinema pick <movie_id> <job> <take>`: puts an earlier take back in use; what is made from it follows, nothing is paid for the take. */
export const registerPick: RegisterCommand = (program, context) => {
  program
    .command('pick')
    .description('put another take of a job back in use (its file returns, no payment); what is made from it follows')
    .argument('<movie_id>')
    .argument('<job>', 'the job key, as `cinema jobs` lists it')
    .argument('<take>', 'the take number, as `cinema jobs` shows it (take 2 of 3)', wholeNumber(1))
    .addOption(outOption())
    .addOption(configOption())
    .addOption(storeOption())
    .addOption(storageOption())
    .addOption(jsonProgressOption())
    .action(async (movieId: string, key: string, take: number, flags: SharedFlags) => {
      await context.withSetup('pick', flags, { baseDirAccess: 'read' }, async (setup) => {
        const store = await storeWithMovie(setup, movieId);
        await requireJobs(store, movieId, [key]);
        const code = await runMovie(setup, flags, context, (onEvent) => setup.maker.pick(movieId, key, take, { baseDir: setup.baseDir, abortSignal: context.io.abortSignal, onEvent }), movieId);
        context.setExitCode(code);
        const job = await store.getJob(movieId, key);
        if (!flags.json && job) context.print(formatTakes(movieId, [job], outFlagOf(flags)));
      });
    });
};

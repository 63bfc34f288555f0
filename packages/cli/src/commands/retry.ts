import { InvalidInputError } from '@cinema/core';
import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonProgressOption, outFlagOf, outOption, storageOption, storeOption } from '../command-options.js';
import { requireJobs, storeWithMovie } from '../movie-store.js';
import { runMovie } from '../run-movie.js';

interface RetryFlags extends SharedFlags {
  job?: string[];
  failed?: boolean;
  /** False for `--no-run`. */
  run: boolean;
}

/** `cinema retry <movie_id>`: puts failed (or named) jobs back in line, then carries on unless `--no-run`. */
export const registerRetry: RegisterCommand = (program, context) => {
  program
    .command('retry')
    .description('put failed jobs (or the ones named) back in line and carry on with the movie')
    .argument('<movie_id>')
    .option('--job <key...>', 'job keys to retry (see `cinema jobs`); finished jobs named here are made again')
    .option('--failed', 'retry every failed job')
    .option('--no-run', 'only put the jobs back; run `cinema resume` later')
    .addOption(outOption())
    .addOption(configOption())
    .addOption(storeOption())
    .addOption(storageOption())
    .addOption(jsonProgressOption())
    .action(async (movieId: string, flags: RetryFlags) => {
      if (!flags.job && !flags.failed) throw new InvalidInputError({ message: 'Say what to retry: --failed, or --job <key> (see `cinema jobs <movie_id>`).' });
      await context.withSetup('retry', flags, { baseDirAccess: 'read' }, async (setup) => {
        const store = await storeWithMovie(setup, movieId);
        await requireJobs(store, movieId, flags.job);
        const count = await store.retry(movieId, { keys: flags.job }, Date.now());
        // With --json stdout holds JSON only: the count alone, or the run's events.
        if (flags.json && !flags.run) context.print(`${JSON.stringify({ movieId, retried: count })}\n`);
        if (!flags.json) context.print(`${count} job(s) put back in line.\n`);
        if (!flags.run) {
          if (!flags.json) context.print(`Run \`cinema resume ${movieId}${outFlagOf(flags)}\` to carry on.\n`);
          return;
        }
        const code = await runMovie(setup, flags, context, (onEvent) => setup.maker.resume(movieId, { baseDir: setup.baseDir, abortSignal: context.io.abortSignal, onEvent }), movieId);
        context.setExitCode(code);
      });
    });
};

import { type CinemaEvent, CinemaError, runWorker } from '@cinema/core';
import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonOption, outOption, storageOption, storeOption, wholeNumber } from '../command-options.js';
import { formatUsd, type Style } from '../progress/style.js';

interface WorkerFlags extends SharedFlags {
  movies?: number;
}

/**
 * `cinema worker`: a long-running process that works the jobs of every movie in the job store, as
 * one of any number on any machines (`--store postgres://…`, `--storage s3://…` or the config),
 * holding the providers' limits and the budgets together. SIGTERM or Ctrl-C stops it cleanly:
 * running jobs are handed back and submitted provider work is kept for re-attachment.
 */
export const registerWorker: RegisterCommand = (program, context) => {
  program
    .command('worker')
    .description('work the jobs of every movie in the job store until stopped (SIGTERM or Ctrl-C hands running jobs back)')
    .addOption(outOption({ created: true }))
    .addOption(configOption())
    .addOption(storeOption())
    .addOption(storageOption())
    .option('--movies <n>', 'movies worked at once (default: 4)', wholeNumber(1))
    .addOption(jsonOption('events as JSON lines'))
    .action(async (flags: WorkerFlags) => {
      await context.withSetup('worker', flags, { baseDirAccess: 'write' }, async (setup) => {
        const store = await setup.maker.store(setup.baseDir);
        const log = (line: string) => context.print(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
        if (!flags.json) log(`worker ${process.pid} on ${store.description}${setup.config.storage ? ` and ${setup.config.storage.description}` : ''}: waiting for movies (stop with Ctrl-C or SIGTERM)`);
        await runWorker(setup.maker, {
          baseDir: setup.baseDir,
          abortSignal: context.io.abortSignal,
          maxMovies: flags.movies,
          onEvent: (event) => {
            if (flags.json) context.print(`${JSON.stringify(event)}\n`);
            else {
              const line = describe(event, context.style);
              if (line) log(line);
            }
          },
          onMovieEnd: (result) => {
            if (!flags.json) log(`${result.movieId}: ${result.status}${result.finalVideo ? ` ${result.finalVideo}` : ''}`);
          },
          onMovieError: (movieId, error) => {
            const message = CinemaError.isInstance(error) ? error.message : ((error as Error).stack ?? String(error));
            if (flags.json) context.print(`${JSON.stringify({ type: 'worker:movie-error', movieId, message })}\n`);
            else log(`${context.style.red('error')} ${movieId}: ${message} (tried again in a minute)`);
          },
        });
        if (!flags.json) log('worker stopped: running jobs were handed back');
      });
    });
};

/** One log line for the events a worker's operator wants to see; undefined for the rest. */
function describe(event: CinemaEvent, style: Style): string | undefined {
  switch (event.type) {
    case 'run:started':
      return `${event.movieId}: working`;
    case 'job:completed':
      return `${event.movieId} ${event.key} done${event.costUsd > 0 ? ` (${formatUsd(event.costUsd)})` : ''}`;
    case 'job:retrying':
      return `${event.movieId} ${event.key} ${style.yellow('retrying')} in ${Math.round(event.delayMs / 1000)} s: ${event.error.message}`;
    case 'job:failed':
      return `${event.movieId} ${event.key} ${style.red('failed')}: ${event.error.message}`;
    case 'budget:blocked':
      return `${event.movieId}: ${style.yellow('budget reached')} (${formatUsd(event.spentUsd)} of ${formatUsd(event.maxCostUsd)})`;
    case 'review:waiting':
      return `${event.movieId}: ${event.keys.length} job(s) wait for \`cinema approve\``;
    default:
      return undefined;
  }
}

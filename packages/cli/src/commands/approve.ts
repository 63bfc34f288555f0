import { InvalidInputError } from '@cinema/core';
import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonProgressOption, outFlagOf, outOption, storageOption, storeOption } from '../command-options.js';
import { listKeys } from '../format/list-keys.js';
import { requireJobs, storeWithMovie } from '../movie-store.js';
import { formatUsd } from '../progress/style.js';
import { runMovie } from '../run-movie.js';

interface ApproveFlags extends SharedFlags {
  shot?: string[];
  job?: string[];
  all?: boolean;
  /** False for `--no-run`. */
  run: boolean;
}

/** `cinema approve <movie_id>`: lets held shots go on past the review gate, then carries on unless `--no-run`. */
export const registerApprove: RegisterCommand = (program, context) => {
  program
    .command('approve')
    .description('let shots waiting for approval go on (their clips are made), then carry on with the movie')
    .argument('<movie_id>')
    .option('--shot <shot...>', 'shots to approve, as `cinema review` names them: scene_2:shot_1, or scene_2 for all of a scene')
    .option('--job <key...>', 'held jobs to approve, by key (see `cinema jobs`)')
    .option('--all', 'approve everything that waits')
    .option('--no-run', 'only approve; run `cinema resume` later')
    .addOption(outOption())
    .addOption(configOption())
    .addOption(storeOption())
    .addOption(storageOption())
    .addOption(jsonProgressOption())
    .action(async (movieId: string, flags: ApproveFlags) => {
      if (!flags.all && !flags.shot && !flags.job) throw new InvalidInputError({ message: `Say what to approve: --shot scene_2:shot_1, --job <key>, or --all (see \`cinema review ${movieId}\`).` });
      await context.withSetup('approve', flags, { baseDirAccess: 'read' }, async (setup) => {
        const store = await storeWithMovie(setup, movieId);
        await requireJobs(store, movieId, flags.job);
        const held = new Map((await store.listJobs(movieId, { status: 'pending' })).filter((job) => job.held).map((job) => [job.key, job]));
        const approved = await setup.maker.approve(movieId, { baseDir: setup.baseDir, shots: flags.shot, keys: flags.job, all: flags.all });
        if (approved.length === 0 && !flags.all) {
          throw new InvalidInputError({
            message: `Nothing of ${[...(flags.shot ?? []), ...(flags.job ?? [])].join(', ')} waits for approval in ${movieId}: see \`cinema review ${movieId}${outFlagOf(flags)}\` for the shots that do.`,
          });
        }
        const costUsd = approved.reduce((sum, key) => sum + (held.get(key)?.estimatedCostUsd ?? 0), 0);
        if (flags.json && !flags.run) context.print(`${JSON.stringify({ movieId, approved, costUsd })}\n`);
        if (!flags.json) {
          context.print(approved.length === 0 ? `Nothing waits for approval in ${movieId}.\n` : `Approved ${approved.length} job(s), ${formatUsd(costUsd)} estimated: ${listKeys(approved)}\n`);
        }
        if (!flags.run) {
          if (!flags.json) context.print(`Run \`cinema resume ${movieId}${outFlagOf(flags)}\` to make them.\n`);
          return;
        }
        const code = await runMovie(setup, flags, context, (onEvent) => setup.maker.resume(movieId, { baseDir: setup.baseDir, abortSignal: context.io.abortSignal, onEvent }), movieId);
        context.setExitCode(code);
      });
    });
};

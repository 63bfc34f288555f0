import type { CinemaEvent, Job, RedoOptions } from '@cinema/core';
import { Option } from 'commander';
import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonProgressOption, outFlagOf, outOption, wholeNumber, yesOption, storageOption, storeOption } from '../command-options.js';
import { confirm } from '../confirm.js';
import { formatRedoPlan, formatTakes } from '../format/format-redo-plan.js';
import { storeWithMovie } from '../movie-store.js';
import { runMovie } from '../run-movie.js';

interface RedoFlags extends SharedFlags {
  what: NonNullable<RedoOptions['what']>;
  prompt?: string;
  seed?: number;
  takes: number;
  yes?: boolean;
}

/**
 * `cinema redo <movie_id> <scene[:shot]>`: new takes of a shot's (or a scene's) clips, keyframes or
 * lines after showing their price; earlier takes are kept for `cinema pick`.
 */
export const registerRedo: RegisterCommand = (program, context) => {
  program
    .command('redo')
    .description("make new takes of a shot's clip, keyframes or lines (or a whole scene's) after showing the price; earlier takes are kept")
    .argument('<movie_id>')
    .argument('<target>', 'a shot (scene_2:shot_1) or a scene (scene_2), as `cinema review` and `cinema jobs` name them')
    .addOption(new Option('--what <what>', 'which of its jobs to make again').choices(['keyframes', 'video', 'speech']).default('video'))
    .option('--prompt <text>', "use this prompt instead of the stage's (for speech: how to say the line)")
    .option('--seed <n>', 'ask models that take a seed for this one', wholeNumber(0))
    .option('--takes <k>', 'how many new takes to make', wholeNumber(1), 1)
    .addOption(yesOption('make the takes'))
    .addOption(outOption())
    .addOption(configOption())
    .addOption(storeOption())
    .addOption(storageOption())
    .addOption(jsonProgressOption())
    .action(async (movieId: string, target: string, flags: RedoFlags) => {
      await context.withSetup('redo', flags, { baseDirAccess: 'read' }, async (setup) => {
        const store = await storeWithMovie(setup, movieId);
        const options = { baseDir: setup.baseDir, what: flags.what, prompt: flags.prompt, seed: flags.seed, takes: flags.takes };
        const plan = await setup.maker.planRedo(movieId, target, options);
        const jobs = new Map((await store.listJobs(movieId)).map((job): [string, Job] => [job.key, job]));
        // With --json stdout carries the run's events only.
        const show = flags.json ? (text: string) => void context.io.stderr.write(text) : context.print;
        show(formatRedoPlan(movieId, target, plan, jobs, flags, context.style));
        const goAhead = await confirm(context.io, {
          yes: flags.yes,
          question: `Make ${plan.takes * plan.keys.length} new take(s)?`,
          refusal: `Nothing was made for ${target}: pass --yes to make the take(s) above.`,
        });
        if (!goAhead) {
          show(`Nothing was made: ${movieId} is as it was.\n`);
          return;
        }
        // Between takes the redo itself holds what is made from them; that is no review to tell a person about.
        const ownHold = new Set(plan.dependents);
        const withoutOwnHold = (onEvent: (event: CinemaEvent) => void) => (event: CinemaEvent) => {
          if (flags.json || event.type !== 'review:waiting') return onEvent(event);
          const keys = event.keys.filter((key) => !ownHold.has(key));
          if (keys.length > 0) onEvent({ ...event, keys });
        };
        const code = await runMovie(setup, flags, context, (onEvent) => setup.maker.redo(movieId, target, { ...options, abortSignal: context.io.abortSignal, onEvent: withoutOwnHold(onEvent) }), movieId);
        context.setExitCode(code);
        if (!flags.json) {
          const redone = await Promise.all(plan.keys.map((key) => store.getJob(movieId, key)));
          context.print(formatTakes(movieId, redone.filter((job): job is Job => job !== undefined && job.take > 0), outFlagOf(flags)));
        }
      });
    });
};

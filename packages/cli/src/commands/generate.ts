import { type ChangePlan, sha256, suggestMovieId } from '@cinema/core';
import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonProgressOption, outFlagOf, outOption, parseDollars, reviewOption, yesOption, storageOption, storeOption } from '../command-options.js';
import { confirm } from '../confirm.js';
import { formatChangePlan } from '../format/format-change-plan.js';
import { readScript } from '../read-script.js';
import { holdForReview } from '../review-gate.js';
import { runMovie } from '../run-movie.js';

interface GenerateFlags extends SharedFlags {
  id?: string;
  budget?: number;
  yes?: boolean;
  review?: boolean;
  detach?: boolean;
}

/**
 * `cinema generate <script>`: makes the film, or carries on with it when the movie id exists with the
 * same script. With another script it is an edit: the change and its price are shown, and made once
 * the user says yes (`--yes`, or an answer on a terminal).
 */
export const registerGenerate: RegisterCommand = (program, context) => {
  program
    .command('generate')
    .description('make a film from a script (Fountain or prose); resumes it if that movie id exists with the same script, and shows and makes the change if the script was edited')
    .argument('<script>', 'the script file')
    .option('--id <movie_id>', 'movie id (default: from the file name and a hash of the script)')
    .addOption(outOption({ created: true }))
    .addOption(configOption())
    .addOption(storeOption())
    .addOption(storageOption())
    .option('--budget <usd>', 'stop starting paid jobs before this many dollars would be passed', parseDollars)
    .addOption(yesOption('make the changes of an edited script'))
    .addOption(reviewOption())
    .option('--detach', 'plan the movie into the job store and return; `cinema worker` processes make it')
    .addOption(jsonProgressOption())
    .action(async (scriptPath: string, flags: GenerateFlags) => {
      const script = await readScript(scriptPath, context.io.cwd);
      await context.withSetup('generate', flags, { baseDirAccess: 'write', budgetUsd: flags.budget, review: flags.review }, async (setup) => {
        // The id generate itself chooses, so a gate asked for on a movie that exists holds its clips too.
        if (flags.review) await holdForReview(setup, flags.id ?? suggestMovieId(script.name.replace(/\.[^.]+$/, ''), sha256(script.text)));
        let declined = false;
        const confirmChange = async (plan: ChangePlan) => {
          // With --json stdout carries the run's events only; the plan and the question go to stderr.
          const show = flags.json ? (text: string) => void context.io.stderr.write(text) : context.print;
          show(formatChangePlan(plan, script.name, context.style));
          if (plan.jobs === 0 && plan.retired.length === 0) return true;
          const goAhead = await confirm(context.io, {
            yes: flags.yes,
            question: 'Make these changes?',
            refusal:
              `Movie ${plan.movieId} exists with another script, and nothing was changed: pass --yes to make the changes above, ` +
              `or run \`cinema plan ${scriptPath} --id ${plan.movieId}${outFlagOf(flags)}\` to only see them.`,
          });
          if (!goAhead) {
            declined = true;
            show(`Nothing was changed: ${plan.movieId} is as it was.\n`);
          }
          return goAhead;
        };
        const code = await runMovie(setup, flags, context, async (onEvent) => {
          const result = await setup.maker.generate(script.text, { baseDir: setup.baseDir, movieId: flags.id, scriptName: script.name, abortSignal: context.io.abortSignal, onEvent, confirmChange, detach: flags.detach });
          return declined ? undefined : result;
        });
        context.setExitCode(code);
      });
    });
};

import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonProgressOption, outOption, parseDollars } from '../command-options.js';
import { readScript } from '../read-script.js';
import { runMovie } from '../run-movie.js';

interface GenerateFlags extends SharedFlags {
  id?: string;
  budget?: number;
}

/** `cinema generate <script>`: makes the film, or carries on with it when the movie id exists with the same script. */
export const registerGenerate: RegisterCommand = (program, context) => {
  program
    .command('generate')
    .description('make a film from a script (Fountain or prose); resumes it if that movie id already exists with the same script')
    .argument('<script>', 'the script file')
    .option('--id <movie_id>', 'movie id (default: from the file name and a hash of the script)')
    .addOption(outOption({ created: true }))
    .addOption(configOption())
    .option('--budget <usd>', 'stop starting paid jobs before this many dollars would be passed', parseDollars)
    .addOption(jsonProgressOption())
    .action(async (scriptPath: string, flags: GenerateFlags) => {
      const script = await readScript(scriptPath, context.io.cwd);
      await context.withSetup('generate', flags, { baseDirAccess: 'write', budgetUsd: flags.budget }, async (setup) => {
        const code = await runMovie(setup, flags, context, (onEvent) =>
          setup.maker.generate(script.text, { baseDir: setup.baseDir, movieId: flags.id, scriptName: script.name, abortSignal: context.io.abortSignal, onEvent }),
        );
        context.setExitCode(code);
      });
    });
};

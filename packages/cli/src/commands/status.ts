import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonOption, outOption } from '../command-options.js';
import { formatStatus } from '../format/format-status.js';

/** `cinema status <movie_id>`: progress, jobs per stage, cost, and the film once it exists. */
export const registerStatus: RegisterCommand = (program, context) => {
  program
    .command('status')
    .description('progress, jobs per stage, cost, and the film once it exists')
    .argument('<movie_id>')
    .addOption(outOption())
    .addOption(configOption())
    .addOption(jsonOption('the status as JSON'))
    .action(async (movieId: string, flags: SharedFlags) => {
      await context.withSetup('status', flags, { baseDirAccess: 'read' }, async (setup) => {
        const status = await setup.maker.getStatus(movieId, { baseDir: setup.baseDir });
        context.print(flags.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status, context.style));
      });
    });
};

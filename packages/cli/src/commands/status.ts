import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonOption, outFlagOf, outOption, storageOption, storeOption } from '../command-options.js';
import { formatStatus, type StatusJobs, statusJobsJson } from '../format/format-status.js';
import { qualityOf, takeOf } from '../format/format-jobs.js';

/** `cinema status <movie_id>`: progress, jobs per stage, cost, approvals and takes, and the film once it exists. */
export const registerStatus: RegisterCommand = (program, context) => {
  program
    .command('status')
    .description('progress, jobs per stage, cost, what waits for approval, and the film once it exists')
    .argument('<movie_id>')
    .addOption(outOption())
    .addOption(configOption())
    .addOption(storeOption())
    .addOption(storageOption())
    .addOption(jsonOption('the status as JSON'))
    .action(async (movieId: string, flags: SharedFlags) => {
      await context.withSetup('status', flags, { baseDirAccess: 'read' }, async (setup) => {
        const status = await setup.maker.getStatus(movieId, { baseDir: setup.baseDir });
        const all = await (await setup.maker.store(setup.baseDir)).listJobs(movieId);
        const jobs: StatusJobs = {
          held: all.filter((job) => job.held && job.status === 'pending'),
          withTakes: all.filter((job) => job.status !== 'retired' && takeOf(job) !== undefined),
          retired: all.filter((job) => job.status === 'retired'),
          judged: all.filter((job) => job.status === 'completed' && qualityOf(job) !== undefined),
        };
        context.print(flags.json ? `${JSON.stringify({ ...status, ...statusJobsJson(jobs) }, null, 2)}\n` : formatStatus(status, jobs, outFlagOf(flags), context.style));
      });
    });
};

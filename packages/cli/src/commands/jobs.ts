import { jobStatuses, type JobStatus } from '@cinema/core';
import { Option } from 'commander';
import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonOption, outOption, storageOption, storeOption } from '../command-options.js';
import { formatJobs, publicJob } from '../format/format-jobs.js';
import { storeWithMovie } from '../movie-store.js';

interface JobsFlags extends SharedFlags {
  status?: JobStatus;
  stage?: string;
}

/** `cinema jobs <movie_id>`: the movie's jobs, filtered by state or stage. */
export const registerJobs: RegisterCommand = (program, context) => {
  program
    .command('jobs')
    .description("list a movie's jobs")
    .argument('<movie_id>')
    .addOption(new Option('--status <status>', 'only jobs in this state').choices([...jobStatuses]))
    .option('--stage <stage>', 'only jobs of this stage')
    .addOption(outOption())
    .addOption(configOption())
    .addOption(storeOption())
    .addOption(storageOption())
    .addOption(jsonOption('the jobs as JSON'))
    .action(async (movieId: string, flags: JobsFlags) => {
      await context.withSetup('jobs', flags, { baseDirAccess: 'read' }, async (setup) => {
        const store = await storeWithMovie(setup, movieId);
        const jobs = await store.listJobs(movieId, { status: flags.status, stage: flags.stage });
        context.print(flags.json ? `${JSON.stringify(jobs.map(publicJob), null, 2)}\n` : formatJobs(jobs, context.style));
      });
    });
};

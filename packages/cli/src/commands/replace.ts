import { extname, resolve } from 'node:path';
import { defaultMovieSettings, movieLayout } from '@cinema/core';
import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonProgressOption, outOption, storageOption, storeOption } from '../command-options.js';
import { requireJobs, storeWithMovie } from '../movie-store.js';
import { movieScreenplay } from '../movie-screenplay.js';
import { checkReplacement } from '../replacement-check.js';
import { runMovie } from '../run-movie.js';
import { stillAsPng } from '../still-as-png.js';

interface ReplaceFlags extends SharedFlags {
  file: string;
}

/**
 * `cinema replace <movie_id> <job> --file FILE`: the user's own still, clip or line in a finished
 * job's place, checked first (type, shape, length) so a wrong file changes nothing; the model's
 * takes are kept and what is made from the job follows.
 */
export const registerReplace: RegisterCommand = (program, context) => {
  program
    .command('replace')
    .description("put your own still, clip or line in a job's place (checked first: type, shape, length); what is made from it follows")
    .argument('<movie_id>')
    .argument('<job>', 'the job key, as `cinema jobs` lists it')
    .requiredOption('--file <file>', 'the PNG or JPEG still, MP4 or MOV clip, or WAV or MP3 line to use')
    .addOption(outOption())
    .addOption(configOption())
    .addOption(storeOption())
    .addOption(storageOption())
    .addOption(jsonProgressOption())
    .action(async (movieId: string, key: string, flags: ReplaceFlags) => {
      await context.withSetup('replace', flags, { baseDirAccess: 'read' }, async (setup) => {
        const store = await storeWithMovie(setup, movieId);
        await requireJobs(store, movieId, [key]);
        const file = resolve(context.io.cwd, flags.file);
        const job = (await store.getJob(movieId, key))!;
        const { media, result } = await checkReplacement(job, file, {
          settings: { ...defaultMovieSettings, ...setup.config.output },
          screenplay: await movieScreenplay(store, movieId),
          movieDir: movieLayout.movieDir(setup.baseDir, movieId),
        });
        const converted = media.kind === 'still' && media.format === 'JPEG' && extname(job.outputs[0]!.path).toLowerCase() === '.png' ? await stillAsPng(file) : undefined;
        if (!flags.json) context.print(`Using ${file}${converted ? ' (as a PNG)' : ''} for ${key}; the model's takes are kept.\n`);
        try {
          const source = converted?.path ?? file;
          const recorded = converted ? { ...(result as object | undefined), convertedFrom: file } : result;
          const code = await runMovie(setup, flags, context, (onEvent) => setup.maker.replace(movieId, key, source, { baseDir: setup.baseDir, result: recorded, abortSignal: context.io.abortSignal, onEvent }), movieId);
          context.setExitCode(code);
        } finally {
          await converted?.remove();
        }
      });
    });
};

import { access, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CinemaError, type CinemaEvent, createDefaultPipeline, type Job, jobStatuses, type JobStatus, MovieNotFoundError, type MovieResult, type MovieStatus } from '@cinema/core';
import { defaultOut, setUpCli, type CliSetup } from './cli-setup.js';
import { exitCodeForError, exitCodeForStatus, exitCodes } from './exit-codes.js';
import { configTemplate } from './init-template.js';
import type { CliIo } from './io.js';
import { createJsonRenderer, createLineRenderer, createTtyRenderer, type ProgressRenderer } from './progress/renderers.js';
import { colorEnabled, createStyle, formatUsd, type Style } from './progress/style.js';
import { readScript } from './read-script.js';

interface RunFlags {
  out?: string;
  config?: string;
  json?: boolean;
}

/** Runs `cinema` with `argv` (without the node and script paths) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const style = createStyle(colorEnabled(io.stdout as NodeJS.WriteStream, io.env));
  const out = (text: string) => void io.stdout.write(text);
  const err = (text: string) => void io.stderr.write(text);
  let exitCode: number = exitCodes.ok;

  const program = new Command('cinema')
    .description('Turn a script into a film with generative models. Runs offline with the animatic defaults when no config says otherwise.')
    .version(await packageVersion(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showHelpAfterError('(run with --help for usage)');

  const outOption = () => new Option('-o, --out <dir>', `base directory of movies (default: the config's baseDir, else ./${defaultOut})`);
  const configOption = () => new Option('-c, --config <file>', 'config file (default: cinema.config.ts in this directory, if any)');

  program
    .command('generate')
    .description('make a film from a script (Fountain or prose); resumes it if that movie id already exists with the same script')
    .argument('<script>', 'the script file')
    .option('--id <movie_id>', 'movie id (default: from the file name and a hash of the script)')
    .addOption(outOption())
    .addOption(configOption())
    .option('--budget <usd>', 'stop starting paid jobs before this many dollars would be passed', parseDollars)
    .option('--json', 'print progress events as JSON lines')
    .action(async (scriptPath: string, flags: RunFlags & { id?: string; budget?: number }) => {
      const script = await readScript(scriptPath, io.cwd);
      const setup = await setUpCli({ configPath: flags.config, out: flags.out, cwd: io.cwd, command: 'generate', createDefaultBaseDir: true, budgetUsd: flags.budget });
      exitCode = await runMovie(setup, flags, io, style, (onEvent) =>
        setup.maker.generate(script.text, { baseDir: setup.baseDir, movieId: flags.id, scriptName: script.name, abortSignal: io.abortSignal, onEvent }),
      );
    });

  program
    .command('resume')
    .description('finish a movie after a stop or a crash; nothing finished is made or paid for again')
    .argument('<movie_id>')
    .addOption(outOption())
    .addOption(configOption())
    .option('--json', 'print progress events as JSON lines')
    .action(async (movieId: string, flags: RunFlags) => {
      const setup = await setUpCli({ configPath: flags.config, out: flags.out, cwd: io.cwd, command: 'resume', createDefaultBaseDir: false });
      exitCode = await runMovie(setup, flags, io, style, (onEvent) => setup.maker.resume(movieId, { baseDir: setup.baseDir, abortSignal: io.abortSignal, onEvent }), movieId);
    });

  program
    .command('status')
    .description('progress, jobs per stage, cost, and the film once it exists')
    .argument('<movie_id>')
    .addOption(outOption())
    .addOption(configOption())
    .option('--json', 'print the status as JSON')
    .action(async (movieId: string, flags: RunFlags) => {
      const setup = await setUpCli({ configPath: flags.config, out: flags.out, cwd: io.cwd, command: 'status', createDefaultBaseDir: false });
      try {
        const status = await setup.maker.getStatus(movieId, { baseDir: setup.baseDir });
        out(flags.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status, style));
      } finally {
        await setup.maker.close();
      }
    });

  program
    .command('jobs')
    .description('list a movie\'s jobs')
    .argument('<movie_id>')
    .addOption(new Option('--status <status>', 'only jobs in this state').choices([...jobStatuses]))
    .option('--stage <stage>', 'only jobs of this stage')
    .addOption(outOption())
    .addOption(configOption())
    .option('--json', 'print the jobs as JSON')
    .action(async (movieId: string, flags: RunFlags & { status?: JobStatus; stage?: string }) => {
      const setup = await setUpCli({ configPath: flags.config, out: flags.out, cwd: io.cwd, command: 'jobs', createDefaultBaseDir: false });
      try {
        const store = await setup.maker.store(setup.baseDir);
        if (!(await store.getMovie(movieId))) throw new MovieNotFoundError({ movieId, where: setup.baseDir });
        const jobs = await store.listJobs(movieId, { status: flags.status, stage: flags.stage });
        out(flags.json ? `${JSON.stringify(jobs.map(publicJob), null, 2)}\n` : formatJobs(jobs, style));
      } finally {
        await setup.maker.close();
      }
    });

  program
    .command('retry')
    .description('put failed jobs (or the ones named) back in line and carry on with the movie')
    .argument('<movie_id>')
    .option('--job <key...>', 'job keys to retry (see `cinema jobs`); finished jobs named here are made again')
    .option('--failed', 'retry every failed job')
    .option('--no-run', 'only put the jobs back; run `cinema resume` later')
    .addOption(outOption())
    .addOption(configOption())
    .option('--json', 'print progress events as JSON lines')
    .action(async (movieId: string, flags: RunFlags & { job?: string[]; failed?: boolean; run: boolean }) => {
      if (!flags.job && !flags.failed) throw new CinemaError({ message: 'Say what to retry: --failed, or --job <key> (see `cinema jobs <movie_id>`).', category: 'input' });
      const setup = await setUpCli({ configPath: flags.config, out: flags.out, cwd: io.cwd, command: 'retry', createDefaultBaseDir: false });
      const store = await setup.maker.store(setup.baseDir);
      if (!(await store.getMovie(movieId))) {
        await setup.maker.close();
        throw new MovieNotFoundError({ movieId, where: setup.baseDir });
      }
      if (flags.job) {
        const unknown = [];
        for (const key of flags.job) if (!(await store.getJob(movieId, key))) unknown.push(key);
        if (unknown.length > 0) {
          await setup.maker.close();
          throw new CinemaError({ message: `No job ${unknown.join(', ')} in movie ${movieId}: see \`cinema jobs ${movieId}\` for the keys.`, category: 'input' });
        }
      }
      const count = await store.retry(movieId, { keys: flags.job }, Date.now());
      if (!flags.json) out(`${count} job(s) put back in line.\n`);
      if (!flags.run) {
        await setup.maker.close();
        out(`Run \`cinema resume ${movieId}${flags.out ? ` --out ${flags.out}` : ''}\` to carry on.\n`);
        return;
      }
      exitCode = await runMovie(setup, flags, io, style, (onEvent) => setup.maker.resume(movieId, { baseDir: setup.baseDir, abortSignal: io.abortSignal, onEvent }), movieId);
    });

  program
    .command('estimate')
    .description('what a script would cost with the configured models, per stage, before anything is spent')
    .argument('<script>', 'the script file')
    .addOption(configOption())
    .option('--json', 'print the estimate as JSON')
    .action(async (scriptPath: string, flags: RunFlags) => {
      const script = await readScript(scriptPath, io.cwd);
      const setup = await setUpCli({ configPath: flags.config, cwd: io.cwd, command: 'estimate', createDefaultBaseDir: false });
      try {
        // The shot list is drafted offline by the animatic's parser, so estimating is free.
        const { scriptToScreenplay } = await import('@cinema/provider-animatic');
        const screenplay = scriptToScreenplay(script.text);
        const estimate = createDefaultPipeline(setup.config, setup.configFile).estimate({ input: { script: script.text, scriptName: script.name }, screenplay, settings: setup.config.output });
        if (flags.json) {
          out(`${JSON.stringify(estimate, null, 2)}\n`);
          return;
        }
        const rows = Object.entries(estimate.stages).map(([name, stage]) => `  ${name.padEnd(11)} ${String(stage.jobs).padStart(5)} jobs  ${formatUsd(stage.costUsd).padStart(10)}`);
        out(
          `${style.bold(script.name)}: ${screenplay.scenes.length} scenes, ${screenplay.scenes.reduce((count, scene) => count + scene.shots.length, 0)} shots, ${screenplay.characters.length} characters\n` +
            `${rows.join('\n')}\n  ${'total'.padEnd(11)} ${String(estimate.jobs).padStart(5)} jobs  ${formatUsd(estimate.totalUsd).padStart(10)}\n` +
            style.dim('The shot list is drafted offline; a hosted writer may cut the script into more or fewer shots.\n'),
        );
      } finally {
        await setup.maker.close();
      }
    });

  program
    .command('init')
    .description('write a commented cinema.config.ts in this directory')
    .option('--force', 'overwrite an existing cinema.config.ts')
    .action(async (flags: { force?: boolean }) => {
      const path = resolve(io.cwd, 'cinema.config.ts');
      const exists = await access(path).then(
        () => true,
        () => false,
      );
      if (exists && !flags.force) throw new CinemaError({ message: `${path} already exists: edit it, or pass --force to replace it.`, category: 'input' });
      await writeFile(path, configTemplate);
      out(`Wrote ${path}. Edit it, then run \`cinema generate <script>\`.\n`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.input;
    }
    err(`${style.red('error')} ${CinemaError.isInstance(error) ? error.message : (error as Error).stack ?? String(error)}\n`);
    return exitCodeForError(error);
  }
}

async function runMovie(
  setup: CliSetup,
  flags: RunFlags,
  io: CliIo,
  style: Style,
  start: (onEvent: (event: CinemaEvent) => void) => Promise<MovieResult>,
  knownMovieId?: string,
): Promise<number> {
  const write = (text: string) => void io.stdout.write(text);
  let movieId = knownMovieId;
  const status = () => setup.maker.getStatus(movieId!, { baseDir: setup.baseDir });
  const renderer: ProgressRenderer = flags.json
    ? createJsonRenderer({ write, style })
    : io.stdout.isTTY
      ? createTtyRenderer({ write, style, status })
      : createLineRenderer({ write, style });
  let result: MovieResult;
  try {
    result = await start((event) => {
      if (event.type === 'run:started') movieId = event.movieId;
      renderer.onEvent(event);
    });
  } finally {
    await renderer.close();
  }
  try {
    if (!flags.json) write(await summarize(setup, result, flags, style));
    return exitCodeForStatus(result.status);
  } finally {
    await setup.maker.close();
  }
}

async function summarize(setup: CliSetup, result: MovieResult, flags: RunFlags, style: Style): Promise<string> {
  const outFlag = flags.out ? ` --out ${flags.out}` : '';
  const cost = formatUsd(result.state.costUsd);
  switch (result.status) {
    case 'completed':
      return `${style.green('Done.')} ${result.finalVideo}\n${result.state.jobs.total} jobs, ${cost} spent.\n`;
    case 'stopped':
      return `${style.yellow('Stopped.')} Finished work is kept and submitted work will be picked up again.\nResume with: cinema resume ${result.movieId}${outFlag}\n`;
    case 'budget_exceeded':
      return `${style.yellow('Budget reached.')} ${cost} spent; the next job would pass the cap. Raise budget.maxCostUsd (or --budget), then: cinema resume ${result.movieId}${outFlag}\n`;
    default: {
      const store = await setup.maker.store(setup.baseDir);
      const failed = await store.listJobs(result.movieId, { status: 'failed' });
      const lines = failed.slice(0, 10).map((job) => `  ${job.key}: ${job.errors.at(-1)?.message ?? 'failed'}\n`);
      return `${style.red('Failed.')} ${failed.length} job(s) failed:\n${lines.join('')}${failed.length > 10 ? `  ...\n` : ''}Fix the cause, then: cinema retry ${result.movieId} --failed${outFlag}\n`;
    }
  }
}

function formatStatus(status: MovieStatus, style: Style): string {
  const lines = [
    `${style.bold(status.movieId)}  ${status.status}  ${status.progress.toFixed(1)}%`,
    `jobs: ${status.completed} completed of ${status.total}, ${status.failed} failed`,
    `cost: ${formatUsd(status.costUsd)} spent of ${formatUsd(status.costUsd + status.remainingEstimateUsd)} estimated (${formatUsd(status.remainingEstimateUsd)} to go)`,
    ...Object.entries(status.stages).sort(([a], [b]) => stageRank(a) - stageRank(b)).map(
      ([name, stage]) => `  ${name.padEnd(11)} ${String(stage.completed).padStart(4)}/${stage.total}${stage.failed ? ` (${stage.failed} failed)` : ''}  ${formatUsd(stage.costUsd)}`,
    ),
    status.finalVideo ? `film: ${status.finalVideo}` : `film: not made yet (${status.movieDir})`,
  ];
  return `${lines.join('\n')}\n`;
}

const builtInStages = ['screenplay', 'characters', 'keyframes', 'videos', 'audio', 'edit'];
function stageRank(name: string) {
  const index = builtInStages.indexOf(name);
  return index === -1 ? builtInStages.length : index;
}

function publicJob(job: Job) {
  const { leaseOwner, leaseToken, leaseExpiresAt, submitKey, ...rest } = job;
  return rest;
}

function formatJobs(jobs: Job[], style: Style): string {
  if (jobs.length === 0) return 'No jobs.\n';
  const width = Math.max(...jobs.map((job) => job.key.length));
  return (
    jobs
      .map((job) => {
        const state = job.status === 'failed' ? style.red(job.status) : job.status === 'completed' ? style.green(job.status) : job.status;
        const error = job.status === 'failed' ? `  ${job.errors.at(-1)?.message ?? ''}` : '';
        return `${job.key.padEnd(width)}  ${state.padEnd(11)}  attempts ${job.attempts}  ${formatUsd(job.costUsd)}${error}`;
      })
      .join('\n') + '\n'
  );
}

function parseDollars(value: string): number {
  const amount = Number(value);
  if (!Number.isFinite(amount) || amount < 0) throw new InvalidArgumentError('give an amount of dollars, e.g. 12.50');
  return amount;
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

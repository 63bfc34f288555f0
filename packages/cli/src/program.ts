import { Command, CommanderError } from 'commander';
import { CinemaError } from '@cinema/core';
import { createCommandContext, type RegisterCommand } from './command-context.js';
import { registerApprove } from './commands/approve.js';
import { registerCancel } from './commands/cancel.js';
import { registerEstimate } from './commands/estimate.js';
import { registerExport } from './commands/export.js';
import { registerGenerate } from './commands/generate.js';
import { registerImportCut } from './commands/import-cut.js';
import { registerInit } from './commands/init.js';
import { registerJobs } from './commands/jobs.js';
import { registerPick } from './commands/pick.js';
import { registerPlan } from './commands/plan.js';
import { registerRedo } from './commands/redo.js';
import { registerReplace } from './commands/replace.js';
import { registerResume } from './commands/resume.js';
import { registerRetry } from './commands/retry.js';
import { registerReview } from './commands/review.js';
import { registerServe } from './commands/serve.js';
import { registerStatus } from './commands/status.js';
import { registerWorker } from './commands/worker.js';
import { exitCodeForError, exitCodes } from './exit-codes.js';
import type { CliIo } from './io.js';
import { packageVersion } from './package-version.js';
import { colorEnabled, createStyle } from './progress/style.js';

/** Every command, in the order `cinema --help` lists them; a new command is one file and one line here. */
const commands: readonly RegisterCommand[] = [
  registerGenerate,
  registerPlan,
  registerResume,
  registerReview,
  registerApprove,
  registerRedo,
  registerPick,
  registerReplace,
  registerExport,
  registerImportCut,
  registerStatus,
  registerJobs,
  registerRetry,
  registerCancel,
  registerWorker,
  registerEstimate,
  registerServe,
  registerInit,
];

/** Runs `cinema` with `argv` (without the node and script paths) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const style = createStyle(colorEnabled(io.stdout as NodeJS.WriteStream, io.env));
  const context = createCommandContext(io, style);
  const writeErr = (text: string) => void io.stderr.write(text);

  const program = new Command('cinema')
    .description('Turn a script into a film with generative models. Runs offline with the animatic defaults when no config says otherwise.')
    .version(await packageVersion(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: context.print, writeErr })
    .showHelpAfterError('(run with --help for usage)');
  for (const register of commands) register(program, context);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.ok : exitCodes.input;
    // A mistake of the user's is one line; only a bug in cinema shows its stack.
    writeErr(`${style.red('error')} ${CinemaError.isInstance(error) ? error.message : ((error as Error).stack ?? String(error))}\n`);
    return exitCodeForError(error);
  }
}

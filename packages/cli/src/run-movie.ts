import type { CinemaEvent, MovieResult, RunStatus } from '@cinema/core';
import type { CliSetup } from './cli-setup.js';
import type { CommandContext, SharedFlags } from './command-context.js';
import { outFlagOf } from './command-options.js';
import { exitCodeForStatus, exitCodes } from './exit-codes.js';
import { formatResult } from './format/format-result.js';
import { createJsonRenderer, createLineRenderer, createTtyRenderer, type ProgressRenderer } from './progress/renderers.js';
import { startWebhooks, webhookDrainMs } from './webhook-delivery.js';

const endedWithoutFailures = new Set<RunStatus>(['completed', 'stopped', 'budget_exceeded', 'awaiting_review']);

/**
 * Runs a movie (generate, resume, retry, approve, redo, pick, replace) with live progress, JSON lines
 * for `--json`, a live view on a terminal and plain lines in a pipe, then prints the summary and
 * returns the exit code for how it ended. `start` resolves to undefined when nothing ran (the user
 * said no): nothing more is printed and the code is 0. `knownMovieId` lets the live view ask for
 * status before the run has said its id. The config's webhooks are sent the store's events while
 * the run goes on, and for up to `webhookDrainMs` after it ends.
 */
export async function runMovie(
  setup: CliSetup,
  flags: SharedFlags,
  context: CommandContext,
  start: (onEvent: (event: CinemaEvent) => void) => Promise<MovieResult | undefined>,
  knownMovieId?: string,
): Promise<number> {
  const { io, style, print: write } = context;
  let movieId = knownMovieId;
  const status = () => setup.maker.getStatus(movieId!, { baseDir: setup.baseDir });
  const renderer: ProgressRenderer = flags.json
    ? createJsonRenderer({ write, style })
    : io.stdout.isTTY
      ? createTtyRenderer({ write, style, status })
      : createLineRenderer({ write, style });
  let result: MovieResult | undefined;
  const stopWebhooks = await startWebhooks(setup, (line) => void io.stderr.write(line));
  try {
    result = await start((event) => {
      if (event.type === 'run:started') movieId = event.movieId;
      renderer.onEvent(event);
    });
  } finally {
    await renderer.close();
    await stopWebhooks({ drainMs: io.abortSignal?.aborted ? 0 : webhookDrainMs });
  }
  if (!result) return exitCodes.ok;
  if (!flags.json) {
    const store = await setup.maker.store(setup.baseDir);
    const failed = endedWithoutFailures.has(result.status) ? [] : await store.listJobs(result.movieId, { status: 'failed' });
    const held = result.status === 'awaiting_review' ? (await store.listJobs(result.movieId, { status: 'pending' })).filter((job) => job.held) : [];
    write(formatResult(result, { failed, held }, outFlagOf(flags), style));
  }
  return exitCodeForStatus(result.status);
}

import type { CinemaEvent, MovieResult, RunStatus } from '@cinema/core';
import type { CliSetup } from './cli-setup.js';
import type { CommandContext, SharedFlags } from './command-context.js';
import { outFlagOf } from './command-options.js';
import { exitCodeForStatus } from './exit-codes.js';
import { formatResult } from './format/format-result.js';
import { createJsonRenderer, createLineRenderer, createTtyRenderer, type ProgressRenderer } from './progress/renderers.js';

const endedWithoutFailures = new Set<RunStatus>(['completed', 'stopped', 'budget_exceeded']);

/**
 * Runs a movie (generate, resume, retry) with live progress, JSON lines for `--json`, a live view on
 * a terminal and plain lines in a pipe, then prints the summary and returns the exit code for how it
 * ended. `knownMovieId` lets the live view ask for status before the run has said its id.
 */
export async function runMovie(
  setup: CliSetup,
  flags: SharedFlags,
  context: CommandContext,
  start: (onEvent: (event: CinemaEvent) => void) => Promise<MovieResult>,
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
  let result: MovieResult;
  try {
    result = await start((event) => {
      if (event.type === 'run:started') movieId = event.movieId;
      renderer.onEvent(event);
    });
  } finally {
    await renderer.close();
  }
  if (!flags.json) {
    const failed = endedWithoutFailures.has(result.status) ? [] : await (await setup.maker.store(setup.baseDir)).listJobs(result.movieId, { status: 'failed' });
    write(formatResult(result, failed, outFlagOf(flags), style));
  }
  return exitCodeForStatus(result.status);
}

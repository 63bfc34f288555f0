import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CinemaEvent, Job } from '@cinema/core';
import { findFfmpeg } from '@cinema/postprod-ffmpeg';
import { createSqliteJobStore } from '@cinema/tracker-sqlite';

/** How a fixture process ended, with what it printed. */
export interface FilmProcess {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

/**
 * Runs a film fixture (`fixtures/*.mjs`: `command baseDir movieId`) in a fresh node process with
 * the test's environment plus `env` (an undefined value removes a variable).
 */
export function runFilmProcess(fixture: string, args: { command: 'generate' | 'resume'; baseDir: string; movieId: string }, env: Record<string, string | undefined>): Promise<FilmProcess> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture, args.command, args.baseDir, args.movieId], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, pid: child.pid! }));
  });
}

/** The fixture's last line: the run's outcome, or its error. */
export function outcomeOf(run: FilmProcess): { status?: string; finalVideo?: string | null; error?: { name?: string; category?: string; message: string } } {
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
}

/** The run events the fixture printed, one JSON line each. */
export function eventsOf(run: FilmProcess): CinemaEvent[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"event"'))
    .map((line) => (JSON.parse(line) as { event: CinemaEvent }).event);
}

/** The movie's jobs in the SQLite store at `{baseDir}/cinema.db`; none when the movie was never created. */
export async function jobsIn(baseDir: string, movieId: string): Promise<Job[]> {
  const store = await createSqliteJobStore({ path: join(baseDir, 'cinema.db') });
  try {
    return (await store.getMovie(movieId)) ? await store.listJobs(movieId) : [];
  } finally {
    await store.close();
  }
}

/** What ffprobe reads of a film: its streams and duration. */
export async function probeFilm(file: string) {
  const { ffprobePath } = await findFfmpeg();
  const { stdout } = await promisify(execFile)(ffprobePath, ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height:format=duration', '-of', 'json', file]);
  return JSON.parse(stdout) as { streams: { codec_type: string; codec_name: string; width?: number; height?: number }[]; format: { duration: string } };
}

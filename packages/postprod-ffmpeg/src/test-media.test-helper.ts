import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import type { EditRequest } from '@cinema/core';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** The binaries shipped by @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe (the ones CI and fresh machines get). */
export const npmBinaries = {
  ffmpegPath: (require('@ffmpeg-installer/ffmpeg') as { path: string }).path,
  ffprobePath: (require('@ffprobe-installer/ffprobe') as { path: string }).path,
};

/**
 * A system ffmpeg with xfade (Debian 12's 5.1 after `apt-get install ffmpeg`), for the tests that run
 * only where it is installed. `CINEMA_TEST_SYSTEM_FFMPEG_DIR` points them at another folder
 * (e.g. `/opt/homebrew/bin`), or at a missing one to run only the npm-binary tests.
 */
const systemDirectory = process.env.CINEMA_TEST_SYSTEM_FFMPEG_DIR ?? '/usr/bin';
export const systemBinaries = { ffmpegPath: path.join(systemDirectory, 'ffmpeg'), ffprobePath: path.join(systemDirectory, 'ffprobe') };
export const hasSystemFfmpeg = existsSync(systemBinaries.ffmpegPath) && existsSync(systemBinaries.ffprobePath);

/** Runs the npm ffmpeg to make a test file from lavfi sources (`testsrc`, `sine`, ...). */
export async function ffmpeg(...args: string[]): Promise<string> {
  const { stderr } = await run(npmBinaries.ffmpegPath, ['-hide_banner', '-nostdin', '-y', ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stderr;
}

/** One decoded frame at `time` as 8-bit grey pixels. */
export async function grayFrame(file: string, time: number, width: number, height: number): Promise<Buffer> {
  const { stdout } = await promisify(execFile)(
    npmBinaries.ffmpegPath,
    ['-v', 'error', '-ss', String(time), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${width}x${height}`, '-'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout as Buffer;
}

/**
 * The npm ffmpeg behind a shell script that logs each run's arguments (one line per run) before it
 * hands over to ffmpeg (`exec`, so killing the process kills ffmpeg). `runs()` reads the log.
 */
export async function loggingFfmpeg(directory: string): Promise<{ ffmpegPath: string; ffprobePath: string; runs(): Promise<string[]> }> {
  const { chmod, mkdir, readFile, writeFile } = await import('node:fs/promises');
  await mkdir(directory, { recursive: true });
  const log = path.join(directory, 'ffmpeg-runs.log');
  const ffmpegPath = path.join(directory, 'ffmpeg');
  await writeFile(ffmpegPath, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${npmBinaries.ffmpegPath}' "$@"\n`);
  await chmod(ffmpegPath, 0o755);
  return {
    ffmpegPath,
    ffprobePath: npmBinaries.ffprobePath,
    runs: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((line) => line !== ''),
  };
}

/**
 * An edit of `movieId` whose film, subtitles and work folder are in `directory`, at 320x180 and 25 fps
 * without burned subtitles unless `fields` says otherwise.
 */
export function editIn(directory: string, movieId: string, fields: Pick<EditRequest, 'shots'> & Partial<EditRequest>): EditRequest {
  return {
    movieId,
    outputPath: path.join(directory, 'output', `${movieId}_final.mp4`),
    subtitlesPath: path.join(directory, 'output', `${movieId}_final.srt`),
    format: { width: 320, height: 180, fps: 25 },
    burnSubtitles: false,
    workDir: path.join(directory, 'work'),
    ...fields,
  };
}

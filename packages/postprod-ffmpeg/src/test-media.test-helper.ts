import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

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

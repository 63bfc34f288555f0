import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { promisify } from 'node:util';
import { InvalidInputError } from '@cinema/core';
import { findFfmpeg } from '@cinema/postprod-ffmpeg';

/**
 * A JPEG converted to a PNG in a temporary folder, for a job whose file is a PNG: later stages and
 * providers take a still's type from its name, so JPEG bytes must not sit in a `.png`. `remove`
 * deletes the folder once the copy is in the movie.
 */
export async function stillAsPng(file: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'cinema-replace-'));
  const path = join(folder, `${basename(file, extname(file))}.png`);
  const remove = () => rm(folder, { recursive: true, force: true });
  try {
    const { ffmpegPath } = await findFfmpeg();
    await promisify(execFile)(ffmpegPath, ['-v', 'error', '-i', file, '-frames:v', '1', '-y', path]);
  } catch (error) {
    await remove();
    throw new InvalidInputError({ message: `Could not turn ${file} into a PNG: ${(error as Error).message.split('\n')[0]}. Save it as a PNG and try again.`, cause: error });
  }
  return { path, remove };
}

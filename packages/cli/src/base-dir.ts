import { mkdir, stat } from 'node:fs/promises';
import { InvalidInputError } from '@cinema/core';

/** Creates the folder movies are written to, and its parents, as build tools do with their output folder. */
export async function createBaseDir(baseDir: string): Promise<void> {
  try {
    await mkdir(baseDir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A file of that name: core's own check of the base directory says so.
    if (code === 'EEXIST') return;
    const reason = code === 'ENOTDIR' ? 'a folder on its path is a file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
    throw new InvalidInputError({ message: `Cannot create the base directory ${baseDir}: ${reason}. Pass another --out.`, cause: error });
  }
}

/**
 * Refuses a base directory that is not there. A command that reads a movie must not create an empty
 * folder (and an empty store in it) for a mistyped --out.
 */
export async function requireBaseDir(baseDir: string): Promise<void> {
  const info = await stat(baseDir).catch(() => undefined);
  if (!info) {
    throw new InvalidInputError({
      message: `The base directory ${baseDir} does not exist, so it holds no movies: pass the --out (or config baseDir) the movie was made with; \`cinema generate\` creates the folder.`,
    });
  }
  if (!info.isDirectory()) throw new InvalidInputError({ message: `The base directory ${baseDir} is a file, not a directory: pass the folder the movie was made in.` });
}

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { temporaryPath } from '../util/temporary-path.js';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { InvalidInputError } from '../errors/index.js';
import type { EditRequest } from '../post-production/v1/index.js';
import { movieLayout } from './layout.js';

/** Version of the edit record's shape; a reader refuses any other. */
const recordVersion = 1;

/**
 * Writes the edit the film was rendered from (`output/{movieId}_edit.json`), so an export describes
 * exactly that film. Paths inside the movie's folder are kept relative to it, so the folder can be
 * moved; the others (a music bed elsewhere) stay absolute.
 */
export async function writeEditRecord(movieDir: string, file: string, request: EditRequest): Promise<void> {
  const local = (path: string) => {
    const inside = relative(movieDir, path);
    return inside.startsWith('..') || isAbsolute(inside) ? path : inside.split(sep).join('/');
  };
  const record = { version: recordVersion, request: withPaths(request, local) };
  await mkdir(dirname(file), { recursive: true });
  const temporary = temporaryPath(file);
  await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`, 'utf8');
  await rename(temporary, file);
}

/**
 * The edit a movie's film was last rendered from, with every path absolute again under `movieDir`.
 * Throws an `InvalidInputError` naming the file when the film was never edited.
 */
export async function readEditRecord(movieDir: string, movieId: string): Promise<EditRequest> {
  const file = join(movieDir, movieLayout.editRecord(movieId));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InvalidInputError({ message: `Movie "${movieId}" has no edited film yet (${file} is missing): finish it first with \`cinema resume ${movieId}\`.` });
  }
  const record = JSON.parse(text) as { version?: unknown; request?: EditRequest };
  if (record.version !== recordVersion || record.request == null) {
    throw new InvalidInputError({ message: `${file} is not an edit record this version of Cinema reads (version ${String(record.version)}): render the film again with \`cinema resume ${movieId}\`.` });
  }
  return withPaths(record.request, (path) => (isAbsolute(path) ? path : join(movieDir, path)));
}

/** The request with every file path in it passed through `map`. */
function withPaths(request: EditRequest, map: (path: string) => string): EditRequest {
  return {
    ...request,
    outputPath: map(request.outputPath),
    subtitlesPath: map(request.subtitlesPath),
    workDir: map(request.workDir),
    shots: request.shots.map((shot) => ({ ...shot, videoPath: map(shot.videoPath), dialogue: shot.dialogue.map((line) => ({ ...line, audioPath: map(line.audioPath) })) })),
    ...(request.music ? { music: { ...request.music, path: map(request.music.path) } } : {}),
  };
}

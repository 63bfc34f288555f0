import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';

const contentTypes: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.m4a': 'audio/mp4',
  '.srt': 'text/plain; charset=utf-8',
  '.vtt': 'text/vtt; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

function inside(folder: string, path: string): boolean {
  const rest = relative(folder, path);
  return rest !== '' && !rest.startsWith(`..${sep}`) && rest !== '..' && !isAbsolute(rest);
}

/**
 * The file a request names under a movie's folder, from the still-encoded path after `/files/`;
 * undefined (the caller answers 404) for anything that is not a file inside the folder: an empty,
 * `.` or `..` segment, an encoded `/`, `\` or NUL, an absolute path, a symbolic link leading out.
 */
export async function resolveMovieFile(movieDir: string, encodedPath: string): Promise<string | undefined> {
  const segments: string[] = [];
  for (const encoded of encodedPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  const path = join(movieDir, ...segments);
  if (!inside(movieDir, path)) return undefined;
  try {
    const [realFolder, realFile] = await Promise.all([realpath(movieDir), realpath(path)]);
    if (!inside(realFolder, realFile) || !(await stat(realFile)).isFile()) return undefined;
    return realFile;
  } catch {
    return undefined;
  }
}

/** Answers with the file, or the byte range asked for (video and audio players seek with ranges). */
export async function fileResponse(path: string, rangeHeader: string | undefined): Promise<Response> {
  const { size } = await stat(path);
  const headers: Record<string, string> = {
    'content-type': contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
    'cache-control': 'no-cache',
  };
  const range = rangeHeader === undefined ? undefined : parseRange(rangeHeader, size);
  if (range === null) return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` } });
  const [start, end] = range ?? [0, size - 1];
  const body = size === 0 ? null : (Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream);
  if (range) return new Response(body, { status: 206, headers: { ...headers, 'content-length': String(end - start + 1), 'content-range': `bytes ${start}-${end}/${size}` } });
  return new Response(body, { status: 200, headers: { ...headers, 'content-length': String(size) } });
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` as inclusive offsets; null when it cannot be served; undefined for a form we ignore (several ranges). */
function parseRange(header: string, size: number): [number, number] | null | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, from, to] = match;
  if (from === '' && to === '') return null;
  let start: number;
  let end: number;
  if (from === '') {
    start = Math.max(0, size - Number(to));
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  return start > end || start >= size ? null : [start, end];
}

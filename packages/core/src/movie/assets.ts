import { createHash } from 'node:crypto';
import { temporaryPath } from '../util/temporary-path.js';
import { open, readFile, rename, rm, stat, mkdir } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { CinemaError } from '../errors/index.js';
import type { JobOutput } from '../job-store/v1/index.js';
import type { GeneratedFile, InputFile } from '../provider/v1/index.js';
import { sha256OfFile } from '../util/hash.js';

export interface WriteAssetOptions {
  fetch?: typeof globalThis.fetch;
  abortSignal?: AbortSignal;
  /** Called after the bytes are on disk under the temporary name, before the rename (fault injection). */
  beforeRename?: () => void | Promise<void>;
}

const extensions: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
  'video/mp4': '.mp4',
  'video/webm': '.webm',
  'video/quicktime': '.mov',
  'audio/mpeg': '.mp3',
  'audio/mp3': '.mp3',
  'audio/wav': '.wav',
  'audio/x-wav': '.wav',
  'audio/wave': '.wav',
  'audio/ogg': '.ogg',
  'audio/aac': '.aac',
  'audio/flac': '.flac',
};

export function extensionFor(mediaType: string): string {
  return extensions[mediaType.split(';')[0]!.trim().toLowerCase()] ?? '.bin';
}

export function mediaTypeFor(path: string): string {
  const extension = extname(path).toLowerCase();
  for (const [mediaType, known] of Object.entries(extensions)) if (known === extension) return mediaType;
  return 'application/octet-stream';
}

/**
 * Writes a model's file under `movieDir/relativePath` through a temporary name and a rename, with
 * its sha256, so a half-written file is never taken as done. URLs are streamed to disk; a download
 * shorter than announced is a retryable error.
 */
export async function writeAsset(movieDir: string, relativePath: string, file: GeneratedFile, options: WriteAssetOptions = {}): Promise<JobOutput> {
  const target = join(movieDir, relativePath);
  await mkdir(dirname(target), { recursive: true });
  const temporary = temporaryPath(target);
  const hash = createHash('sha256');
  let bytes = 0;
  const handle = await open(temporary, 'w');
  try {
    if ('data' in file) {
      hash.update(file.data);
      bytes = file.data.byteLength;
      await handle.write(file.data);
    } else {
      bytes = await download(file, handle, hash, options);
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  if (bytes === 0) {
    await rm(temporary, { force: true });
    throw new CinemaError({ message: `The model returned an empty file for ${relativePath}`, category: 'invalid_response', isRetryable: true });
  }
  await options.beforeRename?.();
  await rename(temporary, target);
  return { path: relativePath, sha256: hash.digest('hex'), bytes };
}

async function download(
  file: Extract<GeneratedFile, { url: string }>,
  handle: Awaited<ReturnType<typeof open>>,
  hash: ReturnType<typeof createHash>,
  options: WriteAssetOptions,
): Promise<number> {
  const fetchFunction = options.fetch ?? globalThis.fetch;
  const where = redactUrl(file.url);
  let response: Response;
  try {
    response = await fetchFunction(file.url, { headers: file.headers, signal: options.abortSignal });
  } catch (error) {
    throw new CinemaError({ message: `Download of ${where} failed: ${(error as Error).message}`, category: 'network', isRetryable: true, cause: error });
  }
  if (response.status === 404 || response.status === 410) {
    // The provider deleted or expired the result: only making the work again can bring it back.
    throw new CinemaError({ message: `Download of ${where} answered HTTP ${response.status}: the provider no longer has this file`, category: 'not_found', isRetryable: true });
  }
  if (!response.ok || !response.body) {
    const transient = response.status >= 500 || response.status === 429 || response.status === 408;
    throw new CinemaError({ message: `Download of ${where} answered HTTP ${response.status}`, category: transient ? 'server' : 'invalid_response', isRetryable: true });
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (/^(text\/html|application\/json)/i.test(contentType) && !file.mediaType.startsWith('application/')) {
    throw new CinemaError({ message: `Download of ${where} returned ${contentType}, not ${file.mediaType}`, category: 'invalid_response', isRetryable: true });
  }
  const announced = Number(response.headers.get('content-length') ?? NaN);
  const expected = file.expectedBytes ?? (Number.isFinite(announced) ? announced : undefined);
  let bytes = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      await handle.write(chunk);
    }
  } catch (error) {
    throw new CinemaError({ message: `Download of ${where} broke off after ${bytes} bytes`, category: 'network', isRetryable: true, cause: error });
  }
  if (expected !== undefined && bytes !== expected) {
    throw new CinemaError({ message: `Download of ${where} is truncated: ${bytes} of ${expected} bytes`, category: 'network', isRetryable: true });
  }
  return bytes;
}

/** Query strings often carry signatures or tokens: never show them. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid url)';
  }
}

/** Reads a finished asset as a model input. */
export async function readInputFile(movieDir: string, relativePath: string, label?: string): Promise<InputFile> {
  const data = new Uint8Array(await readFile(join(movieDir, relativePath)));
  return { path: join(movieDir, relativePath), mediaType: mediaTypeFor(relativePath), data, label };
}

/** True when every output is on disk with the recorded size. */
export async function outputsPresent(movieDir: string, outputs: readonly JobOutput[]): Promise<boolean> {
  for (const output of outputs) {
    try {
      const info = await stat(join(movieDir, output.path));
      if (info.size !== output.bytes) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Whether the file at `path` is this output: its size, then its bytes' checksum. */
export async function fileMatchesOutput(path: string, output: JobOutput): Promise<boolean> {
  try {
    if ((await stat(path)).size !== output.bytes) return false;
  } catch {
    return false;
  }
  return (await sha256OfFile(path)) === output.sha256;
}

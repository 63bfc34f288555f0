import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, chmod, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FfmpegError } from './ffmpeg-error.js';

/** Where an ffmpeg binary was found. */
export type FfmpegSource = 'config' | 'env' | 'path' | 'npm';

/** A usable ffmpeg + ffprobe pair and what the ffmpeg build can do. */
export interface FfmpegInstallation {
  ffmpegPath: string;
  ffprobePath: string;
  /** The build's version string as ffmpeg prints it, e.g. `5.1.6-0+deb12u1` or `N-47683-g0e8eb07980-static`. */
  version: string;
  /** Where the ffmpeg binary came from: the option, `FFMPEG_PATH`, `PATH`, or `@ffmpeg-installer/ffmpeg`. */
  source: FfmpegSource;
  /** Names of the filters the build has (`xfade`, `drawtext`, `subtitles`, `loudnorm`, ...). */
  filters: ReadonlySet<string>;
  /** Names of the encoders the build has (`libx264`, `aac`, ...). */
  encoders: ReadonlySet<string>;
  hasFilter(name: string): boolean;
}

export interface FindFfmpegOptions {
  /** An ffmpeg binary to use. Default: `FFMPEG_PATH`, then `ffmpeg` on `PATH`, then the one shipped in `@ffmpeg-installer/ffmpeg`. */
  ffmpegPath?: string;
  /** An ffprobe binary to use. Default: `FFPROBE_PATH`, then `ffprobe` on `PATH`, then `@ffprobe-installer/ffprobe`. */
  ffprobePath?: string;
}

/** Encoders the editor cannot work without. */
export const requiredEncoders: readonly string[] = ['libx264', 'aac'];

/**
 * Filters the editor cannot work without (every ffmpeg since 4.2 has them unless built without).
 * `xfade` and `drawtext` are used when present and have fallbacks (or give a warning) when not.
 */
export const requiredFilters: readonly string[] = [
  'scale', 'pad', 'fps', 'setsar', 'format', 'trim', 'tpad', 'setpts', 'concat', 'fade', 'color',
  'anullsrc', 'aformat', 'aresample', 'adelay', 'apad', 'atrim', 'amix', 'volume', 'asetpts',
  'anull', 'ebur128', 'astats',
];

const installHint =
  'Set FFMPEG_PATH (and FFPROBE_PATH) to an ffmpeg 4.1 or newer built with libx264, or install ffmpeg ' +
  '(e.g. `apt-get install ffmpeg`, `brew install ffmpeg`), or reinstall @cinema/postprod-ffmpeg so its ' +
  'bundled @ffmpeg-installer/ffmpeg binary is present.';

const cache = new Map<string, Promise<FfmpegInstallation>>();

/**
 * Finds ffmpeg and ffprobe, in this order: the options, `FFMPEG_PATH`/`FFPROBE_PATH`, `PATH`, then the
 * binaries shipped in `@ffmpeg-installer/ffmpeg` and `@ffprobe-installer/ffprobe`. Reads the build's
 * version, filters and encoders once per path pair. Throws an `FfmpegError` (category `config`) naming
 * the path tried when a binary is missing, cannot run, or lacks libx264/aac or a required filter.
 */
export async function findFfmpeg(options: FindFfmpegOptions = {}): Promise<FfmpegInstallation> {
  const ffmpeg = await locate('ffmpeg', options.ffmpegPath, 'FFMPEG_PATH', '@ffmpeg-installer/ffmpeg');
  const ffprobe = await locate('ffprobe', options.ffprobePath, 'FFPROBE_PATH', '@ffprobe-installer/ffprobe');
  const key = `${ffmpeg.source}\0${ffmpeg.path}\0${ffprobe.path}`;
  let pending = cache.get(key);
  if (pending == null) {
    pending = inspect(ffmpeg, ffprobe);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

interface Located {
  path: string;
  source: FfmpegSource;
}

async function locate(
  name: 'ffmpeg' | 'ffprobe',
  configured: string | undefined,
  envName: string,
  npmPackage: string,
): Promise<Located> {
  if (configured != null && configured !== '') {
    await assertExecutable(name, configured, `the ${name}Path option`);
    return { path: path.resolve(configured), source: 'config' };
  }
  const fromEnv = process.env[envName];
  if (fromEnv != null && fromEnv !== '') {
    await assertExecutable(name, fromEnv, `${envName}`);
    return { path: path.resolve(fromEnv), source: 'env' };
  }
  const onPath = await searchPath(name);
  if (onPath != null) return { path: onPath, source: 'path' };
  const fromNpm = await npmBinary(npmPackage);
  if (fromNpm != null) return { path: fromNpm, source: 'npm' };
  throw new FfmpegError({
    category: 'config',
    message:
      `Cannot find ${name}: ${envName} is not set, there is no ${name} on PATH, and the ${npmPackage} ` +
      `package is not installed for this platform (${process.platform}-${process.arch}). ${installHint}`,
  });
}

async function assertExecutable(name: string, file: string, where: string): Promise<void> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    await access(file, fsConstants.X_OK);
  } catch (error) {
    throw new FfmpegError({
      category: 'config',
      file,
      cause: error,
      message: `${name} was set by ${where} to "${file}", which is not an executable file. Fix ${where} or unset it to use ffmpeg from PATH or the bundled one. ${installHint}`,
    });
  }
}

async function searchPath(name: string): Promise<string | undefined> {
  const executable = process.platform === 'win32' ? `${name}.exe` : name;
  for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
    if (directory === '') continue;
    const candidate = path.join(directory, executable);
    try {
      const info = await stat(candidate);
      if (!info.isFile()) continue;
      await access(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

async function npmBinary(packageName: string): Promise<string | undefined> {
  const require = createRequire(import.meta.url);
  let binary: string;
  try {
    binary = (require(packageName) as { path: string }).path;
  } catch {
    return undefined;
  }
  try {
    await access(binary, fsConstants.X_OK);
  } catch {
    // npm 11 skips the packages' `chmod u+x` postinstall unless allowed; do what it would have done.
    try {
      await chmod(binary, 0o755);
    } catch {
      return undefined;
    }
  }
  return binary;
}

async function inspect(ffmpeg: Located, ffprobe: Located): Promise<FfmpegInstallation> {
  const ffprobePath = ffprobe.path;
  const versionText = await run(ffmpeg.path, ['-hide_banner', '-version'], ffmpeg.source);
  await run(ffprobePath, ['-hide_banner', '-version'], ffprobe.source);
  const version = /version\s+(\S+)/.exec(versionText)?.[1] ?? 'unknown';
  const filters = parseList(await run(ffmpeg.path, ['-hide_banner', '-filters'], ffmpeg.source), 'filters');
  const encoders = parseList(await run(ffmpeg.path, ['-hide_banner', '-encoders'], ffmpeg.source), 'encoders');
  const missing = [
    ...requiredEncoders.filter((encoder) => !encoders.has(encoder)).map((encoder) => `encoder ${encoder}`),
    ...requiredFilters.filter((filter) => !filters.has(filter)).map((filter) => `filter ${filter}`),
  ];
  if (missing.length > 0) {
    throw new FfmpegError({
      category: 'config',
      file: ffmpeg.path,
      message: `The ffmpeg at "${ffmpeg.path}" (version ${version}, from ${describeSource(ffmpeg.source)}) cannot edit films: it lacks ${missing.join(', ')}. ${installHint}`,
    });
  }
  return {
    ffmpegPath: ffmpeg.path,
    ffprobePath,
    version,
    source: ffmpeg.source,
    filters,
    encoders,
    hasFilter: (name: string) => filters.has(name),
  };
}

/** Reads the names out of `ffmpeg -filters` / `ffmpeg -encoders`: the word after the flags column. */
export function parseList(output: string, kind: 'filters' | 'encoders'): ReadonlySet<string> {
  const names = new Set<string>();
  const pattern = kind === 'filters' ? /^\s*[T.][S.][C.]?\s+(\S+)\s+\S+->\S+/ : /^\s*[VASFXBD.]{6}\s+(\S+)\s/;
  for (const line of output.split('\n')) {
    const match = pattern.exec(line);
    if (match?.[1] != null && match[1] !== '=') names.add(match[1]);
  }
  return names;
}

function describeSource(source: FfmpegSource, binary: 'ffmpeg' | 'ffprobe' = 'ffmpeg'): string {
  switch (source) {
    case 'config':
      return `the ${binary}Path option`;
    case 'env':
      return binary === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH';
    case 'path':
      return 'PATH';
    case 'npm':
      return binary === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe';
  }
}

function run(file: string, args: string[], source: FfmpegSource): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 16 * 1024 * 1024, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error != null) {
        reject(
          new FfmpegError({
            category: 'config',
            file,
            cause: error,
            stderr: String(stderr).slice(-2000),
            message: `Cannot run "${file} ${args.join(' ')}" (found via ${describeSource(source, path.basename(file).startsWith('ffprobe') ? 'ffprobe' : 'ffmpeg')}): ${error.message}. ${installHint}`,
          }),
        );
        return;
      }
      resolve(String(stdout));
    });
  });
}

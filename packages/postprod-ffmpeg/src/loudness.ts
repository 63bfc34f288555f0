import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { devNull } from 'node:os';
import path from 'node:path';
import { CinemaError, temporaryPath } from '@cinema/core';
import type { ConcurrencyLimit } from './concurrency-limit.js';
import type { FfmpegInstallation } from './find-ffmpeg.js';
import type { FfmpegStep } from './ffmpeg-step.js';
import { runStep } from './run-ffmpeg.js';

/** What one measurement of an audio file found, decoded as the editor decodes it (48 kHz stereo). */
export interface AudioMeasure {
  /** Integrated loudness (EBU R128), in LUFS; absent when the file is too short (under 0.4 s) or too quiet to measure. */
  integratedLufs?: number;
  /** Length in samples at 48 kHz. */
  samples: number;
  /** The loudest sample, in dB below full scale; absent when ffmpeg did not say (digital silence). */
  peakDb?: number;
}

/** Where the film's dialogue is brought: -16 LUFS integrated, the target `loudnorm=I=-16` evened the film out to before. */
export const targetLoudness = -16;

/** No line is lifted past this peak (dBFS), so the film needs no limiter, whose state would differ between chunks. */
export const peakCeilingDb = -1;

/** Audio files one `measure` process reads. */
const filesPerMeasure = 8;

/** Changes whenever what a measurement holds changes, so an old cache is read again from the files. */
const cacheVersion = 2;

const decoded = 'aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo';

/**
 * One ffmpeg run that decodes `files` as the dialogue chunks do and prints, per file, the EBU R128
 * integrated loudness (`ebur128`), the peak and the sample count (`astats`); read the result with
 * `parseMeasurements`. It writes nothing (`-f null` to the null device).
 */
export function measureStep(files: readonly string[]): FfmpegStep {
  const chains = files.map((_, index) => `[${index}:a]${decoded},ebur128=framelog=verbose,astats=metadata=0:reset=0[m${index}]`);
  chains.push(files.length === 1 ? '[m0]anull[out]' : `${files.map((_, index) => `[m${index}]`).join('')}amix=inputs=${files.length}:duration=longest[out]`);
  return {
    name: 'measure loudness',
    kind: 'measure',
    inputs: files.map((file, index) => ({ path: file, options: index === 0 ? ['-hide_banner', '-nostdin'] : [] })),
    outputOptions: ['-filter_complex', chains.join(';'), '-map', '[out]', '-f', 'null'],
    output: devNull,
    target: devNull,
    durationSeconds: 0,
  };
}

/**
 * Reads what a `measureStep` of `count` files printed. Filters are numbered in graph order (`aformat`,
 * `ebur128`, `astats` per file); ffmpeg may configure the graph twice and print a first, empty summary,
 * so the last one of each filter counts. A file whose figures are missing is `undefined`.
 */
export function parseMeasurements(stderr: readonly string[], count: number): (AudioMeasure | undefined)[] {
  const loudness = new Map<number, number>();
  const samples = new Map<number, number>();
  const peaks = new Map<number, number>();
  // astats prints each channel, then `Overall`: the overall peak is the last one of each filter.
  let summaryOf: number | undefined;
  for (const line of stderr) {
    const summary = /\[Parsed_ebur128_(\d+) @ [^\]]+\] Summary:/.exec(line);
    if (summary != null) {
      summaryOf = Number(summary[1]);
      continue;
    }
    const integrated = /^\s*I:\s+(-?[\d.]+) LUFS/.exec(line);
    if (integrated != null && summaryOf != null) {
      loudness.set(summaryOf, Number(integrated[1]));
      summaryOf = undefined;
      continue;
    }
    const count = /\[Parsed_astats_(\d+) @ [^\]]+\] Number of samples: (\d+)/.exec(line);
    if (count != null) samples.set(Number(count[1]), Number(count[2]));
    const peak = /\[Parsed_astats_(\d+) @ [^\]]+\] Peak level dB: (-?[\d.]+)/.exec(line);
    if (peak != null) peaks.set(Number(peak[1]), Number(peak[2]));
  }
  return Array.from({ length: count }, (_, index) => {
    const length = samples.get(3 * index + 2);
    if (length == null) return undefined;
    const lufs = loudness.get(3 * index + 1);
    const peakDb = peaks.get(3 * index + 2);
    return {
      samples: length,
      // ebur128 says -70 LUFS (its absolute gate) when no 400 ms block was loud enough to count.
      ...(lufs == null || !(lufs > -70) ? {} : { integratedLufs: lufs }),
      ...(peakDb == null || !Number.isFinite(peakDb) ? {} : { peakDb }),
    };
  });
}

/**
 * Gain in dB that brings a line to `targetLoudness`, to a tenth of a dB, but no further than puts its
 * peak at `peakCeilingDb`, and at most 20 dB either way (a near-silent take is not blown up into
 * noise). A line too short to measure only comes down if its peak is over the ceiling.
 */
export function lineGainDb(measure: AudioMeasure | undefined): number {
  const headroom = measure?.peakDb == null ? Number.POSITIVE_INFINITY : peakCeilingDb - measure.peakDb;
  const wanted = measure?.integratedLufs == null ? 0 : targetLoudness - measure.integratedLufs;
  return Math.round(Math.max(-20, Math.min(20, wanted, headroom)) * 10) / 10;
}

export interface MeasureAudioOptions {
  installation: FfmpegInstallation;
  /** Folder of the measurement cache, `loudness.json`: a file measured once is never measured again. */
  workDir: string;
  limit: ConcurrencyLimit;
  abortSignal?: AbortSignal | undefined;
  onProgress?: (percent: number) => void;
}

/**
 * Measures the audio files (by path, each with its SHA-256) that the cache in `workDir` does not hold
 * yet, a few per ffmpeg process, and returns their measurements by checksum; the cache keeps these
 * files' only. A file ffmpeg cannot read has none: the render that mixes it fails and names it.
 */
export async function measureAudio(files: readonly { path: string; checksum: string }[], options: MeasureAudioOptions): Promise<Map<string, AudioMeasure>> {
  const cacheFile = path.join(options.workDir, 'loudness.json');
  const cache = await readCache(cacheFile);
  const wanted = new Map<string, string>();
  for (const file of files) if (!cache.has(file.checksum) && !wanted.has(file.checksum)) wanted.set(file.checksum, file.path);
  const pending = [...wanted.entries()];
  const batches: [string, string][][] = [];
  for (let start = 0; start < pending.length; start += filesPerMeasure) batches.push(pending.slice(start, start + filesPerMeasure));
  let done = 0;
  await Promise.all(
    batches.map(async (batch) => {
      const found = await measureFiles(batch.map(([, file]) => file), options);
      batch.forEach(([checksum], index) => {
        const measure = found[index];
        if (measure != null) cache.set(checksum, measure);
      });
      done += batch.length;
      options.onProgress?.(Math.floor((done / pending.length) * 100));
    }),
  );
  // Only this film's files are kept: the cache holds one film's measurements, however often it was edited.
  const used = new Set(files.map((file) => file.checksum));
  const kept = new Map([...cache].filter(([checksum]) => used.has(checksum)));
  if (pending.length > 0 || kept.size < cache.size) await writeCache(cacheFile, kept);
  return kept;
}

/** Measures files in one process; when one of them cannot be read (which fails the process), each alone. */
async function measureFiles(files: readonly string[], options: MeasureAudioOptions): Promise<(AudioMeasure | undefined)[]> {
  const step = measureStep(files);
  const stderr: string[] = [];
  try {
    await options.limit.run(() => runStep(step, options.installation, { abortSignal: options.abortSignal, onStderr: (line) => stderr.push(line) }));
  } catch (error) {
    if (isCancellation(error)) throw error;
    if (files.length === 1) return [undefined];
    return (await Promise.all(files.map((file) => measureFiles([file], options)))).flat();
  }
  return parseMeasurements(stderr, files.length);
}

function isCancellation(error: unknown): boolean {
  return CinemaError.isInstance(error) && error.category === 'cancelled';
}

async function readCache(file: string): Promise<Map<string, AudioMeasure>> {
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { version?: number; files?: Record<string, AudioMeasure> };
    if (saved.version === cacheVersion && saved.files != null) return new Map(Object.entries(saved.files));
  } catch {
    // No cache yet, or one cut short: measure again.
  }
  return new Map();
}

async function writeCache(file: string, cache: ReadonlyMap<string, AudioMeasure>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = temporaryPath(file);
  await writeFile(temporary, JSON.stringify({ version: cacheVersion, files: Object.fromEntries(cache) }), 'utf8');
  await rename(temporary, file);
}

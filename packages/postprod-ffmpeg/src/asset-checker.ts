import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { type AssetCheck, type AssetCheckerV1, type AssetExpectation, CinemaError, estimateSpeechSeconds } from '@cinema/core';
import { findFfmpeg, type FfmpegInstallation, type FindFfmpegOptions } from './find-ffmpeg.js';
import { probeMedia } from './probe.js';

export interface FfmpegAssetCheckerSettings extends FindFfmpegOptions {
  /** A black stretch this long (seconds) fails a clip. Default: 1. */
  blackSeconds?: number;
  /** A clip asked to move that stands still this long (seconds) fails. Default: 2, or most of a shorter clip. */
  frozenSeconds?: number;
  /** How far a clip's length may be from what was asked, in seconds. Default: 0.5, or 10% of a long clip. */
  durationToleranceSeconds?: number;
  /**
   * Whether a clip asked to move must not stand still. Default: true. The CLI turns it off for the
   * offline animatic, whose camera moves over flat drawings (an empty sky) can look still and
   * cannot come out otherwise on a re-take.
   */
  checkMotion?: boolean;
}

/** Runs ffmpeg over a file with an analysis filter and returns what it printed on stderr. */
function analyse(installation: FfmpegInstallation, path: string, args: string[], abortSignal?: AbortSignal): Promise<{ stderr: string } | { failed: AssetCheck }> {
  return new Promise((resolve, reject) => {
    execFile(installation.ffmpegPath, ['-hide_banner', '-nostats', '-i', path, ...args, '-f', 'null', '-'], { signal: abortSignal, maxBuffer: 32 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error && abortSignal?.aborted) reject(error);
      else if (error) resolve({ failed: { name: 'decodes', passed: false, detail: `ffmpeg cannot read it: ${stderr.trim().split('\n').at(-1) || error.message}` } });
      else resolve({ stderr });
    });
  });
}

/** What ffmpeg says of its input on stderr: length and streams, so one run both reads and analyses a file. */
function inputInfo(stderr: string): { durationSeconds: number; video?: { codec: string; width: number; height: number }; audio?: { codec: string } } {
  const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(stderr);
  const video = /Stream #\d+:\d+.*?: Video: (\w+)[^\n]*?, (\d{2,5})x(\d{2,5})/.exec(stderr);
  const audio = /Stream #\d+:\d+.*?: Audio: (\w+)/.exec(stderr);
  return {
    durationSeconds: duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : 0,
    ...(video ? { video: { codec: video[1]!, width: Number(video[2]), height: Number(video[3]) } } : {}),
    ...(audio ? { audio: { codec: audio[1]! } } : {}),
  };
}

function ratio(aspect: string): number | undefined {
  const [width, height] = aspect.split(':').map(Number);
  return width && height ? width / height : undefined;
}

/** Stretches `[start, end]` that ffmpeg's detectors printed, e.g. `black_start:0 black_end:1.4`. */
function stretches(stderr: string, startKey: string, endKey: string, until: number): [number, number][] {
  const found: [number, number][] = [];
  let open: number | undefined;
  for (const match of stderr.matchAll(new RegExp(`(${startKey}|${endKey})[:=]\\s*(-?[\\d.]+)`, 'g'))) {
    const value = Number(match[2]);
    if (match[1] === startKey) open = value;
    else if (open !== undefined) {
      found.push([open, value]);
      open = undefined;
    }
  }
  if (open !== undefined) found.push([open, until]);
  return found;
}

const seconds = (value: number) => `${value.toFixed(1)} s`;

/**
 * Technical checks of what models return, with ffmpeg (`checks` in the config): a picture decodes,
 * has the film's shape and is not one flat colour; a clip decodes, is about as long as asked, has
 * no long black stretch and, when the shot asked for movement, does not stand still; a line of
 * dialogue is not silent, not clipped, and about as long as its words.
 */
export function createFfmpegAssetChecker(settings: FfmpegAssetCheckerSettings = {}): AssetCheckerV1 {
  let installation: Promise<FfmpegInstallation> | undefined;
  const tools = () => (installation ??= findFfmpeg(settings));
  const blackSeconds = settings.blackSeconds ?? 1;

  const checkImage = async (expectation: Extract<AssetExpectation, { kind: 'image' }>, path: string, abortSignal?: AbortSignal): Promise<AssetCheck[]> => {
    const run = await analyse(await tools(), path, ['-vf', 'signalstats,metadata=mode=print', '-frames:v', '1'], abortSignal);
    if ('failed' in run) return [run.failed];
    const info = inputInfo(run.stderr);
    if (!info.video) return [{ name: 'decodes', passed: false, detail: 'it holds no picture' }];
    const checks: AssetCheck[] = [{ name: 'decodes', passed: true, detail: `${info.video.width}x${info.video.height} ${info.video.codec}` }];
    const wanted = expectation.aspectRatio ? ratio(expectation.aspectRatio) : undefined;
    if (wanted) {
      const actual = info.video.width / info.video.height;
      const off = Math.abs(actual - wanted) / wanted;
      checks.push({ name: 'size', passed: off <= 0.03, detail: `${info.video.width}x${info.video.height} is ${(off * 100).toFixed(1)}% off ${expectation.aspectRatio}` });
    }
    const low = Number(/signalstats\.YMIN=([\d.]+)/.exec(run.stderr)?.[1] ?? 0);
    const high = Number(/signalstats\.YMAX=([\d.]+)/.exec(run.stderr)?.[1] ?? 255);
    checks.push({ name: 'blank', passed: high - low >= 8, detail: `brightness spans ${low}..${high}` });
    return checks;
  };

  const checkVideo = async (expectation: Extract<AssetExpectation, { kind: 'video' }>, path: string, abortSignal?: AbortSignal): Promise<AssetCheck[]> => {
    const installation = await tools();
    const filters = [`blackdetect=d=${blackSeconds}:pix_th=0.10`];
    const canFreeze = expectation.moves && settings.checkMotion !== false && installation.hasFilter('freezedetect');
    // Still for most of a short clip counts as frozen too.
    const frozenSeconds = Math.min(settings.frozenSeconds ?? 2, Math.max(0.5, expectation.durationSeconds * 0.8));
    if (canFreeze) filters.push(`freezedetect=n=0.001:d=${frozenSeconds}`);
    const run = await analyse(installation, path, ['-an', '-vf', filters.join(',')], abortSignal);
    if ('failed' in run) return [run.failed];
    const info = inputInfo(run.stderr);
    if (!info.video) return [{ name: 'decodes', passed: false, detail: 'it holds no video stream' }];
    const length = info.durationSeconds;
    const tolerance = settings.durationToleranceSeconds ?? Math.max(0.5, expectation.durationSeconds * 0.1);
    const checks: AssetCheck[] = [
      { name: 'decodes', passed: true, detail: `${info.video.width}x${info.video.height} ${info.video.codec}, ${seconds(length)}` },
      { name: 'duration', passed: Math.abs(length - expectation.durationSeconds) <= tolerance, detail: `${seconds(length)} for ${seconds(expectation.durationSeconds)} asked` },
    ];
    const black = stretches(run.stderr, 'black_start', 'black_end', length);
    checks.push({ name: 'black frames', passed: black.length === 0, detail: black.length === 0 ? 'none' : black.map(([from, to]) => `black from ${seconds(from)} to ${seconds(to)}`).join(', ') });
    if (canFreeze) {
      const frozen = stretches(run.stderr, 'lavfi.freezedetect.freeze_start', 'lavfi.freezedetect.freeze_end', length);
      checks.push({ name: 'frozen', passed: frozen.length === 0, detail: frozen.length === 0 ? 'it moves' : frozen.map(([from, to]) => `still from ${seconds(from)} to ${seconds(to)}`).join(', ') });
    }
    return checks;
  };

  const checkAudio = async (expectation: Extract<AssetExpectation, { kind: 'audio' }>, path: string, abortSignal?: AbortSignal): Promise<AssetCheck[]> => {
    const run = await analyse(await tools(), path, ['-af', 'silencedetect=noise=-50dB:d=0.2,volumedetect'], abortSignal);
    if ('failed' in run) return [run.failed];
    const info = inputInfo(run.stderr);
    if (!info.audio) return [{ name: 'decodes', passed: false, detail: 'it holds no audio stream' }];
    const length = info.durationSeconds;
    const silent = stretches(run.stderr, 'silence_start', 'silence_end', length).reduce((sum, [from, to]) => sum + Math.max(0, to - from), 0);
    const peak = Number(/max_volume:\s*(-?[\d.]+|-inf)/.exec(run.stderr)?.[1] ?? -Infinity);
    const clippedSamples = Number(/histogram_0db:\s*(\d+)/.exec(run.stderr)?.[1] ?? 0);
    const expected = estimateSpeechSeconds(expectation.text);
    return [
      { name: 'decodes', passed: true, detail: `${info.audio.codec}, ${seconds(length)}` },
      { name: 'silent', passed: length - silent >= 0.2, detail: `${seconds(Math.max(0, length - silent))} of sound in ${seconds(length)}` },
      { name: 'clipped', passed: !(peak >= 0 && clippedSamples > 100), detail: Number.isFinite(peak) ? `peak ${peak.toFixed(1)} dB` : 'no sound' },
      { name: 'length', passed: length >= expected * 0.25 && length <= expected * 3 + 3, detail: `${seconds(length)} for about ${seconds(expected)} of words` },
    ];
  };

  /** One frame of a clip at `at` seconds, as PNG bytes. */
  const frameAt = (path: string, at: number, abortSignal?: AbortSignal) =>
    new Promise<Uint8Array>(async (resolve, reject) => {
      const { ffmpegPath } = await tools();
      execFile(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-ss', at.toFixed(3), '-i', path, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', '-'], { encoding: 'buffer', signal: abortSignal, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
        if (error) reject(new CinemaError({ message: `ffmpeg could not take a frame of ${path} at ${seconds(at)}: ${error.message}`, category: 'invalid_response', isRetryable: true }));
        else resolve(new Uint8Array(stdout));
      });
    });

  return {
    specificationVersion: 'v1',
    name: 'ffmpeg',
    async sample(expectation, { absolutePath, count, abortSignal }) {
      if (expectation.kind === 'image') return [{ path: absolutePath, mediaType: 'image/png', data: new Uint8Array(await readFile(absolutePath)), label: 'take' }];
      if (expectation.kind !== 'video') return [];
      const info = await probeMedia(absolutePath, await tools());
      const frames = Math.max(1, count);
      // Frames spread over the clip, away from its very first and last frame.
      const times = Array.from({ length: frames }, (_, index) => (info.durationSeconds * (index + 0.5)) / frames);
      return Promise.all(times.map(async (at, index) => ({ path: `${absolutePath}#${index}`, mediaType: 'image/png', data: await frameAt(absolutePath, at, abortSignal), label: `take frame ${index + 1} at ${seconds(at)}` })));
    },
    async check(expectation, { absolutePath, abortSignal }) {
      if (expectation.kind === 'image') return checkImage(expectation, absolutePath, abortSignal);
      if (expectation.kind === 'video') return checkVideo(expectation, absolutePath, abortSignal);
      return checkAudio(expectation, absolutePath, abortSignal);
    },
  };
}

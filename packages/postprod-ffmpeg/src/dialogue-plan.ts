import path from 'node:path';
import type { EditRequest } from '@cinema/core';
import { aacFrameSamples, audioFormat, chunkRollFrames, dialogueChunkGraph, dialogueChunks, soundtrackPieces } from './audio-graph.js';
import { contentKey } from './content-key.js';
import type { FfmpegInstallation } from './find-ffmpeg.js';
import type { FfmpegStep } from './ffmpeg-step.js';
import type { VideoPart } from './filter-graph.js';
import { lineGainDb, type AudioMeasure } from './loudness.js';
import type { EditTimeline } from './timeline.js';

export interface DialoguePlanOptions {
  request: EditRequest;
  timeline: EditTimeline;
  /** The film's video parts: the soundtrack is cut along the same stretches, so both change together. */
  parts: readonly VideoPart[];
  installation: FfmpegInstallation;
  /** Where the chunks (and the decoded music bed) are kept between renders, named by what they are made from. */
  cacheDir: string;
  /** This render's folder: the joined soundtrack. */
  scratchDir: string;
  linesPerChunk: number;
  /** SHA-256 of an input file. */
  checksum(file: string): Promise<string>;
  /** Loudness and length of audio files, by checksum (see `measureAudio`). */
  measure(files: { path: string; checksum: string }[]): Promise<ReadonlyMap<string, AudioMeasure>>;
}

/** The film's AAC track: which frames of which chunk files, joined in order (see `joinSoundtrack`). */
export interface SoundtrackPlan {
  /** The ADTS file the final step muxes. */
  target: string;
  pieces: { file: string; skipFrames: number; frames: number }[];
}

export interface DialoguePlan {
  /** The music bed decoded once to 48 kHz FLAC, when there is one: the chunks read it from any sample. */
  music: FfmpegStep | undefined;
  /** One step per chunk, in film order. */
  chunks: FfmpegStep[];
  soundtrack: SoundtrackPlan;
}

/** Changes whenever the way chunks are mixed and encoded changes, so stale chunks are not reused. */
const chunkRecipe = 'aac-chunk-v2';

/**
 * The audio half of the edit. Every dialogue file and the music bed are measured once (EBU R128
 * loudness, peak and length); each line is mixed at the gain that brings it to the target loudness
 * (see `lineGainDb`) into chunks along the video parts' stretches, and each chunk is mixed with the
 * music bed and encoded to AAC by its own ffmpeg process, into a file named by its inputs' checksums,
 * gains and places; the chunks' frames are joined into the film's track without another encode.
 */
export async function planDialogue(options: DialoguePlanOptions): Promise<DialoguePlan> {
  const { request, timeline, installation } = options;
  const { fps } = timeline;
  const sampleOf = (frame: number) => Math.round((frame * 48000) / fps);
  const lines = timeline.dialogue.filter((line) => line.start < timeline.durationSeconds);

  const checksums = new Map<string, string>();
  const files = [...lines.map((line) => line.audioPath), ...(request.music == null ? [] : [request.music.path])].map((file) => path.resolve(file));
  for (const file of files) if (!checksums.has(file)) checksums.set(file, await options.checksum(file));
  const measures = await options.measure([...checksums].map(([file, checksum]) => ({ path: file, checksum })));

  const placed = lines.map((line) => {
    const file = path.resolve(line.audioPath);
    const checksum = checksums.get(file)!;
    const measure = measures.get(checksum);
    return { file, checksum, measure, startSample: Math.round(line.start * 48000), samples: measure?.samples ?? 0 };
  });
  const stretches = options.parts.map((part) => ({ startSample: sampleOf(part.startFrame), endSample: sampleOf(part.endFrame) }));
  const chunks = dialogueChunks(placed, stretches, options.linesPerChunk);

  const steps: FfmpegStep[] = [];
  let music: FfmpegStep | undefined;
  let bed: { file: string; checksum: string; samples: number; volume: number } | undefined;
  if (request.music != null) {
    const file = path.resolve(request.music.path);
    const checksum = checksums.get(file)!;
    const measure = measures.get(checksum);
    const target = path.join(options.cacheDir, `music-${contentKey([chunkRecipe, installation.version, checksum])}.flac`);
    music = {
      name: 'decode the music bed',
      kind: 'music',
      inputs: [{ path: file, options: ['-hide_banner', '-nostdin'] }],
      outputOptions: ['-vn', '-sn', '-filter:a', audioFormat, '-c:a', 'flac', '-sample_fmt', 's16', '-ar', '48000', '-ac', '2', '-f', 'flac'],
      output: `${target}.${process.pid}.partial`,
      target,
      reusable: true,
      durationSeconds: (measure?.samples ?? 0) / 48000,
    };
    bed = { file: target, checksum, samples: measure?.samples ?? 0, volume: musicVolume(request.music.volume, placed.length > 0, measure) };
  }

  for (const [index, chunk] of chunks.entries()) {
    const gains = chunk.inputs.map((input) => lineGainDb(placed[input.line]!.measure));
    const windowStart = chunk.startSample - chunkRollFrames * aacFrameSamples;
    // The bed loops from the film's first sample: where in the loop this window starts (before the film: a delay).
    const bedStart = bed == null ? undefined : windowStart < 0 || bed.samples === 0 ? windowStart : windowStart % bed.samples;
    const graph = dialogueChunkGraph(chunk, gains, bed == null || bed.volume === 0 ? undefined : { startSample: bedStart!, volume: bed.volume });
    const outputOptions = ['-filter_complex', graph.join(';'), '-map', '[chunk]', '-c:a', 'aac', '-aac_coder', 'fast', '-b:a', '160k', '-ar', '48000', '-ac', '2', '-f', 'adts'];
    const usesBed = bed != null && bed.volume !== 0;
    const key = contentKey([chunkRecipe, installation.version, outputOptions.join(' '), ...chunk.inputs.map((input) => placed[input.line]!.checksum), usesBed ? bed!.checksum : '']);
    const target = path.join(options.cacheDir, `audio-${key}.aac`);
    const inputs = chunk.inputs.map((input) => ({ path: placed[input.line]!.file, options: [] as string[] }));
    if (usesBed) inputs.push({ path: bed!.file, options: ['-stream_loop', '-1'] });
    if (inputs.length > 0) inputs[0] = { ...inputs[0]!, options: ['-hide_banner', '-nostdin', ...inputs[0]!.options] };
    const after = [...(usesBed ? [bed!.file] : []), ...(steps.some((earlier) => earlier.target === target) ? [target] : [])];
    steps.push({
      name: `mix dialogue ${index + 1}`,
      kind: 'audio',
      inputs,
      outputOptions: inputs.length === 0 ? ['-hide_banner', '-nostdin', ...outputOptions] : outputOptions,
      output: `${target}.${process.pid}.partial`,
      target,
      // Two chunks made of the same (silent stretches of one length): the second waits for the first and reuses it.
      ...(after.length > 0 ? { after } : {}),
      reusable: true,
      // The film's own samples in it: the last chunk runs on to the end of its AAC frame.
      durationSeconds: (Math.min(chunk.endSample, stretches[stretches.length - 1]!.endSample) - chunk.startSample) / 48000,
    });
  }
  const pieces = soundtrackPieces(chunks).map((piece, index) => ({ ...piece, file: steps[index]!.target }));
  return { music, chunks: steps, soundtrack: { target: path.join(options.scratchDir, 'soundtrack.aac'), pieces } };
}

/**
 * The music bed's gain: its `volume` times the gain that brings the music to the dialogue's target
 * loudness (so 1 puts it as loud as the voices, and changing a line changes no chunk's music); with no
 * dialogue, that gain alone, as a loudness normaliser would; the plain volume when the music cannot
 * be measured.
 */
function musicVolume(volume: number, hasDialogue: boolean, measure: AudioMeasure | undefined): number {
  if (volume === 0) return 0;
  if (measure?.integratedLufs == null) return volume;
  const toTarget = 10 ** (lineGainDb(measure) / 20);
  return Math.round((hasDialogue ? volume * toTarget : toTarget) * 10_000) / 10_000;
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EditRequest } from '@cinema/core';
import { createFfmpegPostProduction } from './ffmpeg-post-production.js';
import { findFfmpeg } from './find-ffmpeg.js';
import { lineGainDb, measureStep, parseMeasurements, targetLoudness } from './loudness.js';
import { runStep } from './run-ffmpeg.js';
import { editIn, ffmpeg, npmBinaries } from './test-media.test-helper.js';

let root: string;
let clip: string;
let loud: string;
let quiet: string;
let blip: string;
let music: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'postprod-ffmpeg-loudness-'));
  clip = path.join(root, 'clip.mp4');
  loud = path.join(root, 'loud.wav');
  quiet = path.join(root, 'quiet.m4a');
  blip = path.join(root, 'blip.wav');
  music = path.join(root, 'music.m4a');
  await Promise.all([
    ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=25:duration=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip),
    // Two takes recorded 26 dB apart: a full-scale line at 22.05 kHz and a quiet one in AAC.
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=1.5:sample_rate=22050,volume=6', loud),
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=660:duration=1.5,volume=0.3', '-c:a', 'aac', quiet),
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=880:duration=0.1', blip),
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=220:duration=1.7,volume=0.2', '-c:a', 'aac', music),
  ]);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Integrated loudness (LUFS) of a film's audio between two times, read by ffmpeg's own ebur128. */
async function integratedLoudness(file: string, from = 0, to = 3600): Promise<number> {
  const stderr = await ffmpeg('-i', file, '-map', '0:a', '-af', `atrim=start=${from}:end=${to},ebur128=framelog=verbose`, '-f', 'null', '-');
  const summaries = [...stderr.matchAll(/I:\s+(-?[\d.]+) LUFS/g)];
  return Number(summaries[summaries.length - 1]![1]);
}

function twoShots(name: string, overrides: Partial<EditRequest> = {}): EditRequest {
  return editIn(path.join(root, name), 'loud_movie', {
    shots: [
      { sceneId: 'scene_1', shotId: 'shot_1', videoPath: clip, durationSeconds: 2, transition: 'cut', dialogue: [{ audioPath: loud, text: 'Loud', speaker: 'Ada', offsetSeconds: 0.25 }] },
      { sceneId: 'scene_2', shotId: 'shot_1', videoPath: clip, durationSeconds: 2, transition: 'cut', dialogue: [{ audioPath: quiet, text: 'Quiet', speaker: 'Bo', offsetSeconds: 0.25 }] },
    ],
    music: { path: music, volume: 0.2 },
    ...overrides,
  });
}

describe('loudness', () => {
  it('measures each file as the dialogue is mixed (48 kHz): its integrated loudness, peak and samples; a file under 0.4 s has no loudness', async () => {
    const installation = await findFfmpeg(npmBinaries);
    const step = measureStep([loud, blip, quiet]);
    const stderr: string[] = [];
    await runStep(step, installation, { onStderr: (line) => stderr.push(line) });
    const [loudMeasure, blipMeasure, quietMeasure] = parseMeasurements(stderr, 3);
    expect(loudMeasure!.samples).toBe(72000);
    expect(blipMeasure).toEqual({ samples: 4800, peakDb: expect.closeTo(-21, 0) });
    // AAC adds its priming samples, which the mix hears too.
    expect(quietMeasure!.samples).toBeGreaterThanOrEqual(72000);
    expect(loudMeasure!.integratedLufs! - quietMeasure!.integratedLufs!).toBeGreaterThan(20);
    expect(parseMeasurements(['nothing printed'], 1)).toEqual([undefined]);
  });

  it('gives each line the gain to the target, short of lifting its peak over -1 dBFS, at most 20 dB either way', () => {
    expect(targetLoudness).toBe(-16);
    expect(lineGainDb({ integratedLufs: -21.04, peakDb: -10, samples: 1 })).toBe(5);
    expect(lineGainDb({ integratedLufs: -21.04, peakDb: -5, samples: 1 })).toBe(4);
    expect(lineGainDb({ integratedLufs: -60, peakDb: -40, samples: 1 })).toBe(20);
    expect(lineGainDb({ integratedLufs: 0, peakDb: 0, samples: 1 })).toBe(-16);
    // Too short to measure: left as it is, unless it peaks over the ceiling.
    expect(lineGainDb({ peakDb: -6, samples: 1 })).toBe(0);
    expect(lineGainDb({ peakDb: 2, samples: 1 })).toBe(-3);
    expect(lineGainDb(undefined)).toBe(0);
  });

  it('brings lines recorded 26 dB apart to the film target (-16 LUFS integrated, as loudnorm did), with no peak over -1 dBFS', async () => {
    const edit = twoShots('two-levels');
    await createFfmpegPostProduction(npmBinaries).render(edit, {});
    expect(Math.abs((await integratedLoudness(edit.outputPath)) - -16)).toBeLessThanOrEqual(2);
    // Each line on its own is near the target too: the quiet one was lifted, the loud one lowered.
    expect(Math.abs((await integratedLoudness(edit.outputPath, 0.25, 1.75)) - -16)).toBeLessThanOrEqual(2);
    expect(Math.abs((await integratedLoudness(edit.outputPath, 2.25, 3.75)) - -16)).toBeLessThanOrEqual(2);
    const stderr = await ffmpeg('-i', edit.outputPath, '-map', '0:a', '-af', 'volumedetect', '-f', 'null', '-');
    expect(Number(/max_volume: (-?[\d.]+) dB/.exec(stderr)?.[1])).toBeLessThanOrEqual(-1);
  });

  it('brings a film with only music to the target', async () => {
    const edit = twoShots('music-only', { shots: twoShots('x').shots.map((shot) => ({ ...shot, dialogue: [] })) });
    await createFfmpegPostProduction(npmBinaries).render(edit, {});
    expect(Math.abs((await integratedLoudness(edit.outputPath)) - -16)).toBeLessThanOrEqual(2);
  });
});

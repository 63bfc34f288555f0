import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aacFrameSamples, dialogueChunks, soundtrackPieces } from './audio-graph.js';
import { prepareEditPlan } from './edit-plan.js';
import { createFfmpegPostProduction } from './ffmpeg-post-production.js';
import { findFfmpeg } from './find-ffmpeg.js';
import { editIn, ffmpeg, npmBinaries } from './test-media.test-helper.js';

describe('dialogueChunks', () => {
  const stretches = [
    { startSample: 0, endSample: 100_000 },
    { startSample: 100_000, endSample: 250_000 },
  ];

  it('covers the film on whole AAC frames, one chunk per stretch, with a line ringing on heard from where it was', () => {
    const chunks = dialogueChunks([{ startSample: 90_000, samples: 20_000 }], stretches, 8);
    expect(chunks.map((chunk) => [chunk.startSample, chunk.endSample])).toEqual([
      [0, 99_328],
      [99_328, 250_880],
    ]);
    for (const chunk of chunks) expect(chunk.startSample % aacFrameSamples).toBe(0);
    // Placed from the start of each chunk's window, three frames before the chunk.
    expect(chunks[0]!.inputs).toEqual([{ line: 0, offsetSamples: 90_000 + 3072 }]);
    expect(chunks[1]!.inputs).toEqual([{ line: 0, offsetSamples: 90_000 - (99_328 - 3072) }]);
    expect(soundtrackPieces(chunks)).toEqual([
      { skipFrames: 4, frames: 97 },
      { skipFrames: 4, frames: 148 },
    ]);
  });

  it('splits a stretch with more lines than a chunk reads at the frame where a line starts, counting the lines still ringing', () => {
    const lines = Array.from({ length: 20 }, (_, index) => ({ startSample: 100_000 + index * 6000, samples: index === 3 ? 60_000 : 3000 }));
    const chunks = dialogueChunks(lines, stretches, 5);
    expect(chunks.length).toBeGreaterThan(4);
    for (const chunk of chunks) expect(chunk.inputs.length).toBeLessThanOrEqual(5);
    // Every line is heard in the chunk it starts in, each chunk starting on the frame of its first line.
    for (const [index, line] of lines.entries()) {
      const home = chunks.find((chunk) => chunk.startSample <= line.startSample && line.startSample < chunk.endSample)!;
      expect(home.inputs.map((input) => input.line)).toContain(index);
    }
    for (const chunk of chunks.slice(2)) expect(lines.some((line) => Math.floor(line.startSample / 1024) * 1024 === chunk.startSample)).toBe(true);
    // The long line rings on through the chunks after its own.
    const ringing = chunks.filter((chunk) => chunk.inputs.some((input) => input.line === 3 && input.offsetSamples < 0));
    expect(ringing.length).toBeGreaterThan(0);
  });
});

describe('the soundtrack joined from chunks', () => {
  let root: string;
  let clip: string;
  let tone: string;
  let bed: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'postprod-ffmpeg-seams-'));
    clip = path.join(root, 'clip.mp4');
    tone = path.join(root, 'tone.wav');
    bed = path.join(root, 'bed.wav');
    await Promise.all([
      ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=25:duration=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip),
      // A 3 s tone that goes on across the cut between the two scenes, and a bed of 450 whole cycles, which loops at 1.5 s and 3 s.
      ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=3:sample_rate=48000', tone),
      ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=300:duration=1.5:sample_rate=48000', bed),
    ]);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /**
   * Loudest sample in a stretch of the film once the tone (440 Hz) and the bed (300 Hz) are filtered
   * out, in dB (filtered before it is cut out): what is left is the encoder's noise, and a click or a
   * jump in phase where two chunks meet would stand out of it.
   */
  async function residualPeak(file: string, from: number, to: number): Promise<number> {
    const notch = (frequency: number) => `bandreject=f=${frequency}:width_type=h:w=30,bandreject=f=${frequency}:width_type=h:w=30`;
    const stderr = await ffmpeg('-i', file, '-map', '0:a', '-af', `${notch(440)},${notch(300)},atrim=start=${from}:end=${to},volumedetect`, '-f', 'null', '-');
    return Number(/max_volume: (-?[\d.]+) dB/.exec(stderr)?.[1]);
  }

  it('has no click where one chunk hands over to the next, in a line or in the music, and is in sync with the picture', async () => {
    const edit = editIn(path.join(root, 'seams'), 'seams', {
      shots: [
        { sceneId: 'scene_1', shotId: 'shot_1', videoPath: clip, durationSeconds: 2, transition: 'cut', dialogue: [{ audioPath: tone, text: 'Ah', speaker: 'Ada', offsetSeconds: 0.5 }] },
        { sceneId: 'scene_2', shotId: 'shot_1', videoPath: clip, durationSeconds: 2, transition: 'cut', dialogue: [] },
      ],
      music: { path: bed, volume: 0.5 },
    });
    await createFfmpegPostProduction(npmBinaries).render(edit, {});
    const plan = await prepareEditPlan(edit, { installation: await findFfmpeg(npmBinaries) });
    await rm(plan.scratchDir, { recursive: true, force: true });
    expect(plan.soundtrack.pieces).toHaveLength(2);
    const seam = (plan.soundtrack.pieces[0]!.frames * aacFrameSamples) / 48000;
    expect(seam).toBeGreaterThan(1.9);
    const atSeam = await residualPeak(edit.outputPath, seam - 0.05, seam + 0.05);
    const inside = await residualPeak(edit.outputPath, 1.2, 1.3);
    expect(atSeam).toBeLessThan(inside + 3);
    // The tone is heard on both sides of the seam, at the same level.
    const level = async (from: number, to: number) => Number(/mean_volume: (-?[\d.]+) dB/.exec(await ffmpeg('-i', edit.outputPath, '-map', '0:a', '-af', `atrim=start=${from}:end=${to},volumedetect`, '-f', 'null', '-'))?.[1]);
    expect(Math.abs((await level(seam - 0.3, seam - 0.05)) - (await level(seam + 0.05, seam + 0.3)))).toBeLessThan(1);
    // In sync with the picture: the line comes in over the bed 0.5 s in, not a frame of AAC (21 ms) later.
    expect((await level(0.5, 0.51)) - (await level(0.47, 0.495))).toBeGreaterThan(4);
  });
});

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EditRequest, EditShot, Transition } from '@cinema/core';
import { prepareEditPlan } from './edit-plan.js';
import { createFfmpegPostProduction } from './ffmpeg-post-production.js';
import { findFfmpeg } from './find-ffmpeg.js';
import { probeMedia } from './probe.js';
import { ffmpeg, hasSystemFfmpeg, npmBinaries, systemBinaries } from './test-media.test-helper.js';

let root: string;
let clips: string[];
let blip: string;
let longLine: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'postprod-ffmpeg-long-'));
  clips = ['testsrc', 'testsrc2', 'smptebars', 'rgbtestsrc'].map((source) => path.join(root, `${source}.mp4`));
  blip = path.join(root, 'blip.wav');
  longLine = path.join(root, 'long-line.wav');
  await Promise.all([
    ...clips.map((clip) =>
      ffmpeg('-f', 'lavfi', '-i', `${path.basename(clip, '.mp4')}=size=320x180:rate=25:duration=0.5`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip),
    ),
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=660:duration=0.1', blip),
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', longLine),
  ]);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const transitions: Transition[] = ['crossfade', 'fade_to_black', 'cut'];

/** The first shot of the edit's last run of lines: 30 of 40 shots (at least 20). */
const lateShot = (count: number) => Math.max(20, count - 10);

/**
 * `count` shots of 0.5 s. Shots 0..8 and the last ones from `lateShot(count)` have a 0.1 s line at
 * their start, except shot 7 whose line lasts 3 s: the 9th line starts the second dialogue chunk, so
 * the long line rings on past its own chunk while nothing else is heard, and is silent again well
 * before the late lines.
 */
function longEdit(name: string, count: number, linesPerShot = 1): EditRequest {
  const directory = path.join(root, name);
  const shots: EditShot[] = Array.from({ length: count }, (_, index) => ({
    sceneId: `scene_${Math.floor(index / 5) + 1}`,
    shotId: `shot_${(index % 5) + 1}`,
    videoPath: clips[index % clips.length]!,
    durationSeconds: 0.5,
    transition: transitions[index % transitions.length]!,
    dialogue:
      index < 9 || index >= lateShot(count)
        ? Array.from({ length: linesPerShot }, (_, line) => ({
            audioPath: index === 7 && line === 0 ? longLine : blip,
            text: `Line ${index + 1}.${line + 1}`,
            speaker: 'Ada',
            offsetSeconds: line * 0.1,
          }))
        : [],
  }));
  return {
    movieId: 'long_movie',
    outputPath: path.join(directory, 'output', 'long_movie_final.mp4'),
    subtitlesPath: path.join(directory, 'output', 'long_movie_final.srt'),
    format: { width: 320, height: 180, fps: 25 },
    shots,
    titleCard: { title: 'Long', durationSeconds: 0.5 },
    endCard: { title: 'End', durationSeconds: 0.5 },
    burnSubtitles: true,
    workDir: path.join(directory, 'work'),
  };
}

/** Loudest sample of the film's audio between two times, in dB (-91 is digital silence). */
async function maxVolume(file: string, from: number, to: number): Promise<number> {
  const stderr = await ffmpeg('-i', file, '-map', '0:a', '-af', `atrim=start=${from}:end=${to},volumedetect`, '-f', 'null', '-');
  return Number(/max_volume: (-?[\d.]+) dB/.exec(stderr)?.[1] ?? Number.NaN);
}

describe('a long edit', () => {
  it('is planned with a bounded number of inputs per ffmpeg process, however many shots and lines', async () => {
    const installation = await findFfmpeg(npmBinaries);
    for (const [count, linesPerShot] of [[40, 1], [400, 3]] as const) {
      for (const useXfade of [false, ...(installation.hasFilter('xfade') ? [true] : [])]) {
        const plan = await prepareEditPlan(longEdit(`plan-${count}-${linesPerShot}`, count, linesPerShot), { installation, useXfade });
        const widest = Math.max(...plan.steps.map((step) => step.inputs.length));
        expect(widest).toBeLessThanOrEqual(10);
        // Only the cards are made apart (the parts normalise their clips), and the parts and chunks cover the film without gaps.
        expect(plan.steps.filter((step) => step.kind !== 'part' && step.kind !== 'audio' && step.kind !== 'final').map((step) => step.kind)).toEqual(['card', 'card']);
        const parts = plan.steps.filter((step) => step.kind === 'part');
        expect(parts.reduce((sum, step) => sum + step.durationSeconds, 0)).toBeCloseTo(plan.timeline.durationSeconds, 6);
        expect(parts.length).toBeGreaterThanOrEqual(Math.ceil((count + 2) / 9));
        const chunks = plan.steps.filter((step) => step.kind === 'audio');
        expect(chunks.reduce((sum, step) => sum + step.durationSeconds, 0)).toBeCloseTo(plan.timeline.durationSeconds, 6);
        await rm(plan.scratchDir, { recursive: true, force: true });
      }
    }
  });

  const variants = [
    { label: 'npm ffmpeg (fallback transitions)', binaries: npmBinaries, skip: false, count: 40 },
    // Fewer shots: every process start of a dynamically linked build costs more.
    { label: 'system ffmpeg (xfade)', binaries: systemBinaries, skip: !hasSystemFfmpeg, count: 24 },
  ];

  for (const { label, binaries, skip, count } of variants) {
    it.skipIf(skip)(`renders ${count} shots with the ${label} to the timeline's length, with dialogue ringing on across chunks`, async () => {
      const edit = longEdit(`render-${label.split(' ')[0]}`, count);
      const installation = await findFfmpeg(binaries);
      const plan = await prepareEditPlan(edit, { installation });
      await rm(plan.scratchDir, { recursive: true, force: true });
      const { timeline } = plan;

      const result = await createFfmpegPostProduction(binaries).render(edit, {});
      expect(result.durationSeconds).toBeCloseTo(timeline.durationSeconds, 9);
      const info = await probeMedia(edit.outputPath, binaries);
      expect(info.video).toMatchObject({ codec: 'h264', width: 320, height: 180, frames: timeline.totalFrames });
      expect(info.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
      expect(Math.abs(info.durationSeconds - timeline.durationSeconds)).toBeLessThanOrEqual(1 / 25 + 0.1);

      // One cue per line, at the line's place on the film's clock.
      const srt = await readFile(edit.subtitlesPath, 'utf8');
      expect(srt.split('\n\n').filter((cue) => cue.trim() !== '')).toHaveLength(9 + count - lateShot(count));
      const late = timeline.segments.find((segment) => segment.shotIndex === lateShot(count))!;
      const millis = Math.round(late.start * 1000);
      const stamp = `${String(Math.floor(millis / 3_600_000)).padStart(2, '0')}:${String(Math.floor(millis / 60_000) % 60).padStart(2, '0')}:${String(Math.floor(millis / 1000) % 60).padStart(2, '0')},${String(millis % 1000).padStart(3, '0')}`;
      expect(srt).toContain(`${stamp} --> `);

      // The 3 s line of shot 7 is heard after the 9th line (the next chunk's first) has ended ...
      const shot7 = timeline.segments.find((segment) => segment.shotIndex === 7)!.start;
      const shot8 = timeline.segments.find((segment) => segment.shotIndex === 8)!.start;
      expect(await maxVolume(edit.outputPath, shot8 + 0.3, shot7 + 2.8)).toBeGreaterThan(-30);
      // ... and nothing is heard between its end and the late lines.
      expect(await maxVolume(edit.outputPath, shot7 + 3.3, late.start - 0.2)).toBeLessThan(-60);

      // Only the film and its subtitles are left beside it, and no render scratch folder in the work dir.
      expect((await readdir(path.dirname(edit.outputPath))).sort()).toEqual(['long_movie_final.mp4', 'long_movie_final.srt']);
      expect((await readdir(edit.workDir)).filter((name) => name.startsWith('render-'))).toEqual([]);
    });
  }
});

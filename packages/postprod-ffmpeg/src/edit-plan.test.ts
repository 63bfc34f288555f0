import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { prepareEditPlan } from './edit-plan.js';
import { findFfmpeg } from './find-ffmpeg.js';
import type { MediaInfo } from './probe.js';
import { editIn, npmBinaries } from './test-media.test-helper.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'postprod-ffmpeg-plan-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const inFormat = { codec: 'h264', width: 320, height: 180, frames: 50, fps: 25, pixelFormat: 'yuv420p', sampleAspectRatio: '1:1' };

it('reads a clip already in the film format as it is and normalises the others, each part after the clips it reads', async () => {
  const cases: [string, Partial<MediaInfo['video'] & object>][] = [
    ['as-it-is', {}],
    ['too-short', { frames: 49 }],
    ['other-size', { width: 640, height: 360 }],
    ['other-rate', { fps: 24 }],
    ['other-pixels', { pixelFormat: 'yuv444p' }],
  ];
  const clips = new Map<string, MediaInfo>();
  for (const [name, video] of cases) {
    const file = path.join(root, `${name}.mp4`);
    await writeFile(file, name);
    clips.set(file, { durationSeconds: 2, video: { ...inFormat, ...video }, audio: undefined });
  }
  const edit = editIn(path.join(root, 'plan'), 'plan_movie', {
    shots: [...clips.keys()].map((videoPath, index) => ({ sceneId: `scene_${index + 1}`, shotId: 'shot_1', videoPath, durationSeconds: 2, transition: 'cut', dialogue: [] })),
  });
  const plan = await prepareEditPlan(edit, { installation: await findFfmpeg(npmBinaries), clips });
  await rm(plan.scratchDir, { recursive: true, force: true });
  const normalised = plan.steps.filter((step) => step.kind === 'clip').map((step) => path.basename(step.inputs[0]!.path));
  expect(normalised).toEqual(['too-short.mp4', 'other-size.mp4', 'other-rate.mp4', 'other-pixels.mp4']);
  expect(plan.segmentFiles[0]).toBe([...clips.keys()][0]);
  const parts = plan.steps.filter((step) => step.kind === 'part');
  // One part per scene; the first reads the clip itself, which no step makes, so it waits for the next scene's normalised clip only.
  expect(parts).toHaveLength(5);
  expect(parts[0]!.inputs.map((input) => input.path)).toEqual(plan.segmentFiles.slice(0, 2));
  expect(parts[0]!.after).toEqual([plan.segmentFiles[1]]);
  // Without what ffprobe found, every clip is normalised.
  const blind = await prepareEditPlan(edit, { installation: await findFfmpeg(npmBinaries) });
  await rm(blind.scratchDir, { recursive: true, force: true });
  expect(blind.steps.filter((step) => step.kind === 'clip')).toHaveLength(5);
});

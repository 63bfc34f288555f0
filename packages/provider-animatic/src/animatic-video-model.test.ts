import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { InputFile, JsonValue, ShotContext, VideoModelV1CallOptions } from '@cinema/core';
import { findFfmpeg } from '@cinema/postprod-ffmpeg';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnimatic } from './animatic-provider.js';
import { layersOfDrawing } from './draw/render-image.js';
import { motionFor } from './video/clip-operation.js';

const run = promisify(execFile);
let folder: string;

const context: ShotContext = {
  purpose: 'video',
  sceneId: 'scene_1',
  shotId: 'shot_1',
  characters: [{ id: 'char_1', name: 'Mara', traits: ['yellow raincoat'] }],
  location: 'Rocky Coast',
  timeOfDay: 'DUSK',
  camera: 'medium close-up on Mara, slow push-in',
  caption: 'Mara hauls a crate up the path.',
};

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'animatic-video-test-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function still(frame: 'first_frame' | 'last_frame'): Promise<InputFile> {
  const result = await createAnimatic().imageModel().doGenerate({ prompt: 'x', referenceImages: [], aspectRatio: '16:9', idempotencyKey: 'k', context: { ...context, purpose: 'keyframe', frame } });
  return { path: join(folder, `${frame}.png`), mediaType: 'image/png', data: (result.images[0] as { data: Uint8Array }).data };
}

async function makeClip(cacheDir: string, options: Partial<VideoModelV1CallOptions>) {
  const model = createAnimatic({ cacheDir }).videoModel();
  const started = await model.doStart({ mode: 'image-to-video', prompt: 'Mara hauls a crate.', durationSeconds: 4, aspectRatio: '16:9', referenceImages: [], idempotencyKey: 'k', context, ...options });
  const operation = JSON.parse(JSON.stringify(started.operation)) as JsonValue;
  const status = await model.doStatus({ operation });
  if (status.status !== 'completed') throw new Error(`clip not completed: ${JSON.stringify(status)}`);
  expect(status.result.costUsd).toBe(0);
  expect(status.result.video.mediaType).toBe('video/mp4');
  return { data: (status.result.video as { data: Uint8Array }).data, operation, warnings: started.warnings };
}

async function probe(data: Uint8Array, name: string) {
  const path = join(folder, name);
  await writeFile(path, data);
  const { ffprobePath } = await findFfmpeg();
  const { stdout } = await run(ffprobePath, ['-v', 'error', '-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=codec_name,pix_fmt,width,height,r_frame_rate,nb_read_frames:format=duration', '-of', 'json', path]);
  const parsed = JSON.parse(stdout) as { streams: Record<string, string | number | undefined>[]; format: { duration: string } };
  const stream = parsed.streams[0]!;
  return { ...stream, codec_name: stream.codec_name, width: stream.width, height: stream.height, duration: Number(parsed.format.duration) };
}

/** A 160x90 RGB thumbnail of a still, or of one frame of a clip. */
async function thumbnail(path: string, data?: Uint8Array, frame = 0): Promise<Buffer> {
  if (data) await writeFile(path, data);
  const { ffmpegPath } = await findFfmpeg();
  const select = frame > 0 ? ['-vf', `select=eq(n\\,${frame}),scale=160:90`] : ['-vf', 'scale=160:90'];
  const { stdout } = await run(ffmpegPath, ['-v', 'error', '-i', path, ...select, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer' });
  return stdout as unknown as Buffer;
}

function meanDifference(a: Buffer, b: Buffer): number {
  let total = 0;
  for (let index = 0; index < a.length; index++) total += Math.abs(a[index]! - b[index]!);
  return total / a.length;
}

describe('AnimaticVideoModel', () => {
  it('declares its modes, durations and cost', () => {
    const model = createAnimatic().videoModel();
    expect(model.capabilities.modes).toEqual(['text-to-video', 'image-to-video', 'first-last-frame']);
    expect(model.capabilities.durations).toContain(4);
    expect(model.capabilities.durations).toContain(2.5);
    expect(model.capabilities.durations.at(-1)).toBe(120);
    expect(model.estimateCost()).toBe(0);
  });

  it('renders an image-to-video clip that ffprobe reads as 4 s of H.264 at 24 fps', async () => {
    const { data } = await makeClip(join(folder, 'cache-a'), { firstFrame: await still('first_frame') });
    const info = await probe(data, 'image-to-video.mp4');
    expect(info).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 1280, height: 720, r_frame_rate: '24/1', nb_read_frames: '96' });
    expect(Math.abs(info.duration - 4)).toBeLessThanOrEqual(1 / 24);
  });

  it('blends from the first to the last frame, and gives the same bytes again from a fresh cache', async () => {
    const frames = { mode: 'first-last-frame' as const, durationSeconds: 1.5, firstFrame: await still('first_frame'), lastFrame: await still('last_frame') };
    const first = await makeClip(join(folder, 'cache-b'), frames);
    const second = await makeClip(join(folder, 'cache-c'), frames);
    expect(Buffer.from(first.data).equals(Buffer.from(second.data))).toBe(true);
    const info = await probe(first.data, 'first-last.mp4');
    expect(info.codec_name).toBe('h264');
    expect(Math.abs(info.duration - 1.5)).toBeLessThanOrEqual(1 / 24);
    const startStill = await thumbnail(frames.firstFrame.path, frames.firstFrame.data);
    const endStill = await thumbnail(frames.lastFrame.path, frames.lastFrame.data);
    const clipStart = await thumbnail(join(folder, 'first-last.mp4'), undefined, 0);
    const clipEnd = await thumbnail(join(folder, 'first-last.mp4'), undefined, 35);
    expect(meanDifference(clipStart, startStill)).toBeLessThan(meanDifference(clipStart, endStill));
    expect(meanDifference(clipEnd, endStill)).toBeLessThan(meanDifference(clipEnd, startStill));
  });

  it('draws its own frame for text-to-video in 9:16, and redraws it if the cache was cleared', async () => {
    const cacheDir = join(folder, 'cache-d');
    const { data, operation } = await makeClip(cacheDir, { mode: 'text-to-video', aspectRatio: '9:16', durationSeconds: 1 });
    const info = await probe(data, 'text-to-video.mp4');
    expect([info.width, info.height]).toEqual([720, 1280]);
    expect(Math.abs(info.duration - 1)).toBeLessThanOrEqual(1 / 24);
    await rm(cacheDir, { recursive: true, force: true });
    const status = await createAnimatic({ cacheDir }).videoModel().doStatus({ operation });
    expect(status.status).toBe('completed');
    expect(await readdir(join(cacheDir, 'frames'))).toHaveLength(1);
  });

  it('falls back with a warning when first-last-frame lacks the last frame', async () => {
    const { warnings, operation } = await makeClip(join(folder, 'cache-e'), { mode: 'first-last-frame', durationSeconds: 1, firstFrame: await still('first_frame') });
    expect(warnings?.[0]?.message).toMatch(/needs both frames/);
    expect((operation as { mode: string }).mode).toBe('image-to-video');
  });

  it('starts many clips from one keyframe at once into an empty cache, each keeping the frame (no write renames another away)', async () => {
    const cacheDir = await mkdtemp(join(folder, 'same-frame-'));
    const model = createAnimatic({ cacheDir }).videoModel();
    const firstFrame = await still('first_frame');
    const started = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        model.doStart({ mode: 'image-to-video', prompt: `shot ${index}`, durationSeconds: 1, aspectRatio: '16:9', referenceImages: [], idempotencyKey: `k${index}`, context, firstFrame }),
      ),
    );
    expect(started).toHaveLength(12);
    expect(await readdir(join(cacheDir, 'frames'))).toHaveLength(1);
  });

  it('fails cleanly on an operation it did not make and rejects impossible durations', async () => {
    const model = createAnimatic({ cacheDir: join(folder, 'cache-f') }).videoModel();
    expect(await model.doStatus({ operation: { kind: 'other' } })).toMatchObject({ status: 'failed', category: 'invalid_request' });
    await expect(model.doStart({ mode: 'text-to-video', prompt: 'x', durationSeconds: 0, aspectRatio: '16:9', referenceImages: [], idempotencyKey: 'k' })).rejects.toMatchObject({
      category: 'input',
    });
  });
});

/** Frame `index` of a clip (or a still) as RGB bytes at its own size. */
async function frameOf(path: string, index = 0): Promise<Buffer> {
  const { ffmpegPath } = await findFfmpeg();
  const { stdout } = await run(ffmpegPath, ['-v', 'error', '-i', path, '-vf', `select=eq(n\\,${index})`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer' });
  return stdout as unknown as Buffer;
}

/** RGBA pixels of a PNG. */
async function rgbaOf(png: Uint8Array): Promise<Uint8ClampedArray> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  return canvas.getContext('2d').getImageData(0, 0, image.width, image.height).data;
}

/** Mean difference of two RGB frames over the pixels where `mask` (RGBA) is at least half opaque. */
function differenceUnder(mask: Uint8ClampedArray, a: Buffer, b: Buffer): number {
  let total = 0;
  let count = 0;
  for (let pixel = 0; pixel * 4 < mask.length; pixel++) {
    if (mask[pixel * 4 + 3]! < 128) continue;
    for (let channel = 0; channel < 3; channel++) total += Math.abs(a[pixel * 3 + channel]! - b[pixel * 3 + channel]!);
    count += 3;
  }
  return total / count;
}

/**
 * How well a label shows whole in a frame: the smallest mean difference, over every place where the
 * label fits inside the frame above `bottom`, between the label's white letters and the frame there.
 */
function bestLabelMatch(frame: Buffer, frameWidth: number, bottom: number, label: Uint8ClampedArray, labelWidth: number, labelHeight: number): number {
  const letters: number[] = [];
  for (let pixel = 0; pixel < labelWidth * labelHeight; pixel++) {
    if (label[pixel * 4 + 3]! > 250 && label[pixel * 4]! > 240) letters.push(pixel);
  }
  let best = Infinity;
  for (let top = 0; top + labelHeight <= bottom; top++) {
    for (let left = 0; left + labelWidth <= frameWidth; left++) {
      let total = 0;
      for (const pixel of letters) {
        const x = left + (pixel % labelWidth);
        const y = top + Math.floor(pixel / labelWidth);
        const index = (y * frameWidth + x) * 3;
        total += 765 - frame[index]! - frame[index + 1]! - frame[index + 2]!;
        if (total >= best * letters.length * 3) break;
      }
      best = Math.min(best, total / (letters.length * 3));
    }
  }
  return best;
}

describe('text over a moving camera', () => {
  async function keyframe(size: { width: number; height: number }, shot: Partial<ShotContext>, frame: 'first_frame' | 'last_frame' = 'first_frame'): Promise<InputFile> {
    const result = await createAnimatic().imageModel().doGenerate({
      prompt: 'x', referenceImages: [], aspectRatio: '16:9', size, idempotencyKey: 'k', context: { ...context, ...shot, purpose: 'keyframe', frame },
    });
    const data = (result.images[0] as { data: Uint8Array }).data;
    const path = join(folder, `${shot.camera}-${size.width}-${frame}.png`.replace(/[^\w.-]+/g, '-'));
    await writeFile(path, data);
    return { path, mediaType: 'image/png', data };
  }

  for (const camera of ['wide shot, slow push-in', 'wide shot, slow pan right', 'low angle, slow tilt up']) {
    it(`keeps the caption band and the slate still and whole over a ${camera.split(', ')[1]}`, async () => {
      const size = { width: 320, height: 180 };
      const still = await keyframe(size, { camera });
      const { data } = await makeClip(join(folder, `cache-${camera}`), { firstFrame: still, durationSeconds: 1, context: { ...context, camera } });
      const clip = join(folder, `${camera.replace(/\W+/g, '-')}.mp4`);
      await writeFile(clip, data);
      expect(await probe(data, 'probe.mp4')).toMatchObject({ width: 320, height: 180, nb_read_frames: '24' });
      const text = await rgbaOf(layersOfDrawing(still.data)!.text);
      const [first, last, drawn] = [await frameOf(clip, 0), await frameOf(clip, 23), await frameOf(still.path)];
      // Where the text layer drew (the caption band and the slate), the last frame shows what the first did, and what the still does.
      expect(differenceUnder(text, first, last)).toBeLessThan(2);
      expect(differenceUnder(text, last, drawn)).toBeLessThan(3);
      // ...while the picture around the text did move.
      const picture = text.map((value, index) => (index % 4 === 3 ? 255 - value : value));
      expect(differenceUnder(picture, first, last)).toBeGreaterThan(4);
    });
  }

  it('keeps every name label whole while the camera pans past it', async () => {
    const size = { width: 640, height: 360 };
    const characters = ['Mara', 'Tomas', 'Jonas', 'Ana', 'Bert', 'Rosa'].map((name, index) => ({ id: `char_${index + 1}`, name, traits: [] }));
    for (const camera of ['wide shot, slow pan left', 'wide shot, slow pan right']) {
      const still = await keyframe(size, { camera, characters, location: 'Market Square', timeOfDay: 'DAY' });
      const { data } = await makeClip(join(folder, `cache-labels-${camera}`), { firstFrame: still, durationSeconds: 1, context: { ...context, camera, characters } });
      const clip = join(folder, `labels-${camera.replace(/\W+/g, '-')}.mp4`);
      await writeFile(clip, data);
      const layers = layersOfDrawing(still.data)!;
      expect(layers.labels).toHaveLength(6);
      for (const index of [0, 23]) {
        const frame = await frameOf(clip, index);
        for (const label of layers.labels) {
          expect(bestLabelMatch(frame, size.width, layers.captionTop, await rgbaOf(label.image), label.width, label.height)).toBeLessThan(12);
        }
      }
    }
  });

  it('keeps the text readable through a first-last-frame blend: the first still\'s, then the last\'s', async () => {
    const size = { width: 320, height: 180 };
    const camera = 'wide shot, slow push-in';
    const [start, end] = [await keyframe(size, { camera }), await keyframe(size, { camera }, 'last_frame')];
    const { data } = await makeClip(join(folder, 'cache-blend-text'), { mode: 'first-last-frame', firstFrame: start, lastFrame: end, durationSeconds: 1, context: { ...context, camera } });
    const clip = join(folder, 'blend-text.mp4');
    await writeFile(clip, data);
    const startText = await rgbaOf(layersOfDrawing(start.data)!.text);
    const endText = await rgbaOf(layersOfDrawing(end.data)!.text);
    expect(differenceUnder(startText, await frameOf(clip, 0), await frameOf(start.path))).toBeLessThan(3);
    expect(differenceUnder(startText, await frameOf(clip, 11), await frameOf(start.path))).toBeLessThan(3);
    expect(differenceUnder(endText, await frameOf(clip, 12), await frameOf(end.path))).toBeLessThan(3);
    expect(differenceUnder(endText, await frameOf(clip, 23), await frameOf(end.path))).toBeLessThan(3);
  });
});

describe('motionFor', () => {
  it('reads the camera', () => {
    expect(motionFor('slow push-in')).toEqual({ type: 'zoom', direction: 'in', amount: 1.15 });
    expect(motionFor('wide shot, slow pull-out')).toEqual({ type: 'zoom', direction: 'out', amount: 1.15 });
    expect(motionFor('wide shot, slow pan left')).toEqual({ type: 'pan', direction: 'left', amount: 1.15 });
    expect(motionFor('pan right')).toMatchObject({ type: 'pan', direction: 'right' });
    expect(motionFor('low angle, slow tilt up')).toMatchObject({ type: 'pan', direction: 'up' });
    expect(motionFor('two-shot, static')).toEqual({ type: 'static' });
    expect(motionFor(undefined)).toEqual({ type: 'zoom', direction: 'in', amount: 1.08 });
  });
});

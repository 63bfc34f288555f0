import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createMovieMaker, MemoryJobStore, type ImageModelV1, type SpeechModelV1, type VideoModelV1 } from '@cinema/core';
import { createFakePostProduction, createFakeProvider } from '@cinema/core/testing';
import { createFfmpegAssetChecker, findFfmpeg } from '@cinema/postprod-ffmpeg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let dir: string;
const media: Record<string, Uint8Array> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cinema-quality-'));
  const { ffmpegPath } = await findFfmpeg();
  const make = async (name: string, args: string[]) => {
    await run(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-y', ...args, join(dir, name)]);
    media[name] = new Uint8Array(readFileSync(join(dir, name)));
  };
  const video = ['-pix_fmt', 'yuv420p', '-c:v', 'libx264'];
  await make('still.png', ['-f', 'lavfi', '-i', 'testsrc=size=320x180:duration=1', '-frames:v', '1']);
  await make('square.png', ['-f', 'lavfi', '-i', 'testsrc=size=320x320:duration=1', '-frames:v', '1']);
  await make('moving.mp4', ['-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=24:duration=4', ...video]);
  await make('black.mp4', ['-f', 'lavfi', '-i', 'color=c=black:size=320x180:rate=24:duration=4', ...video]);
  await make('frozen.mp4', ['-loop', '1', '-i', join(dir, 'still.png'), '-t', '4', '-r', '24', ...video]);
  await make('line.wav', ['-f', 'lavfi', '-i', 'sine=frequency=300:duration=1.5', '-af', 'volume=0.5']);
  await make('silent.wav', ['-f', 'lavfi', '-i', 'anullsrc=r=22050:cl=mono', '-t', '1.5']);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One scene, two moving shots, one line: what the models below get wrong once each. */
const screenplay = {
  version: 1,
  title: 'Quality',
  characters: [{ id: 'char_1', name: 'MARA', description: 'a keeper', visualTraits: ['yellow coat'] }],
  scenes: [
    {
      id: 'scene_1',
      heading: 'EXT. PIER - DUSK',
      location: 'Pier',
      characters: ['char_1'],
      shots: [
        { id: 'shot_1', description: 'Mara walks the pier.', camera: 'wide shot, slow pan right', durationSeconds: 4, dialogue: [{ speaker: 'char_1', text: 'Keep the light burning.' }] },
        { id: 'shot_2', description: 'The beam sweeps the sea.', camera: 'slow push-in', durationSeconds: 4 },
      ],
    },
  ],
};

/** Models that hand back a bad file the first time for the subjects named, and a good one after. */
function models(costUsd: { video: number }) {
  const seen = new Map<string, number>();
  const take = (subject: string) => {
    const count = (seen.get(subject) ?? 0) + 1;
    seen.set(subject, count);
    return count;
  };
  const image: ImageModelV1 = {
    specificationVersion: 'v1',
    provider: 'pictures',
    modelId: 'flaky',
    capabilities: { maxReferenceImages: 2, aspectRatios: ['16:9', '1:1'] },
    async doGenerate(options) {
      const subject = `${options.context?.purpose}:${options.context?.shotId ?? options.context?.view}:${options.context?.frame ?? ''}`;
      const bad = subject === 'keyframe:shot_1:first_frame' && take(subject) === 1;
      return { images: [{ mediaType: 'image/png', data: bad ? media['square.png']! : media['still.png']! }], costUsd: 0.04 };
    },
  };
  const operations = new Map<string, string>();
  const video: VideoModelV1 = {
    specificationVersion: 'v1',
    provider: 'clips',
    modelId: 'flaky',
    capabilities: { modes: ['image-to-video', 'first-last-frame'], durations: [4] },
    estimateCost: () => costUsd.video,
    async doStart(options) {
      const shot = options.context!.shotId!;
      const count = take(`video:${shot}`);
      const file = count > 1 ? 'moving.mp4' : shot === 'shot_1' ? 'black.mp4' : 'frozen.mp4';
      const id = `${shot}-${count}`;
      operations.set(id, file);
      return { operation: { id } };
    },
    async doStatus({ operation }) {
      const file = operations.get((operation as { id: string }).id)!;
      return { status: 'completed', result: { video: { mediaType: 'video/mp4', data: media[file]! }, costUsd: costUsd.video } };
    },
  };
  const speech: SpeechModelV1 = {
    specificationVersion: 'v1',
    provider: 'voices',
    modelId: 'flaky',
    async doGenerate() {
      return { audio: { mediaType: 'audio/wav', data: take('speech') === 1 ? media['silent.wav']! : media['line.wav']! }, costUsd: 0.01 };
    },
  };
  return { image, video, speech, starts: () => [...seen.entries()] };
}

function makerWith(budget?: number) {
  const fake = models({ video: 1 });
  const store = new MemoryJobStore();
  const maker = createMovieMaker({
    store,
    models: { writer: createFakeProvider({ screenplay: () => screenplay }).textModel(), image: fake.image, video: fake.video, speech: fake.speech },
    postProduction: createFakePostProduction(),
    output: { width: 320, height: 180 },
    checks: createFfmpegAssetChecker(),
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
    budget: budget === undefined ? undefined : { maxCostUsd: budget },
  });
  return { maker, store, fake };
}

describe('a take that fails its checks is made again', () => {
  it('a wrong-size still, a black clip, a frozen clip and a silent line are each re-taken once, and the film uses the good takes', { timeout: 120_000 }, async () => {
    const { maker, store } = makerWith();
    const result = await maker.generate('EXT. PIER - DUSK\n\nMara walks the pier.', { baseDir: dir, movieId: 'quality' });
    expect((await store.listJobs('quality', { status: 'failed' })).map((failed) => `${failed.key}: ${failed.errors.at(-1)?.message}`)).toEqual([]);
    expect(result.status).toBe('completed');
    const job = async (key: string) => (await store.getJob('quality', key))!;
    const expectRetaken = async (key: string, check: RegExp) => {
      const retaken = await job(key);
      expect(retaken, key).toMatchObject({ status: 'completed', attempts: 2 });
      expect(retaken.errors, key).toHaveLength(1);
      expect(retaken.errors[0]!.category).toBe('quality');
      expect(retaken.errors[0]!.message, key).toMatch(check);
      expect((retaken.result as { checks: { passed: boolean }[] }).checks.every((item) => item.passed)).toBe(true);
      return retaken;
    };
    await expectRetaken('keyframe:scene_1:shot_1:first_frame', /size \(320x320 is .* off 16:9\)/);
    const black = await expectRetaken('video:scene_1:shot_1', /black frames \(black from 0\.0 s/);
    const frozen = await expectRetaken('video:scene_1:shot_2', /frozen \(still from/);
    await expectRetaken('speech:scene_1:line_1', /silent/);
    // Both takes of each clip were paid for, and both are counted.
    expect(black.costUsd).toBe(2);
    expect(frozen.costUsd).toBe(2);
  });

  it('the budget stops re-takes', { timeout: 120_000 }, async () => {
    const { maker, store } = makerWith(2.5);
    const result = await maker.generate('EXT. PIER - DUSK\n\nMara walks the pier.', { baseDir: dir, movieId: 'budget' });
    expect(result.status).toBe('budget_exceeded');
    const clips = await store.listJobs('budget', { stage: 'videos' });
    expect(clips.reduce((sum, clip) => sum + clip.costUsd, 0)).toBeLessThanOrEqual(2.5);
    expect(clips.some((clip) => clip.status === 'pending' && clip.errors[0]?.category === 'quality')).toBe(true);
  });
});

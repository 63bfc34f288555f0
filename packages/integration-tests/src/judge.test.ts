import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDefaultPipeline, createMovieMaker, MemoryJobStore, parseScreenplay, type ImageModelV1, type VideoModelV1 } from '@cinema/core';
import { createFakePostProduction, createFakeProvider } from '@cinema/core/testing';
import { createFfmpegAssetChecker, findFfmpeg } from '@cinema/postprod-ffmpeg';
import { createOpenAI } from '@cinema/provider-openai';
import { createOpenAIEmulator, type OpenAIEmulator } from '@cinema/provider-openai/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let dir: string;
let emulator: OpenAIEmulator;
const media: Record<string, Uint8Array> = {};
/** The judge's scores for clip takes, in order; stills always pass. */
let clipScores: number[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cinema-judge-'));
  const { ffmpegPath } = await findFfmpeg();
  const make = async (name: string, args: string[]) => {
    await run(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-y', ...args, join(dir, name)]);
    media[name] = new Uint8Array(readFileSync(join(dir, name)));
  };
  await make('still.png', ['-f', 'lavfi', '-i', 'testsrc=size=320x180:duration=1', '-frames:v', '1']);
  // Three different clips, so the test can tell which take the film got.
  for (const [index, source] of ['testsrc', 'testsrc2', 'life'].entries()) {
    await make(`take${index + 1}.mp4`, ['-f', 'lavfi', '-i', `${source}=size=320x180:rate=24`, '-t', '4', '-pix_fmt', 'yuv420p', '-c:v', 'libx264']);
  }
  emulator = await createOpenAIEmulator({
    apiKey: 'sk-test-judge',
    chatResponder: (request) => {
      const clip = request.prompt.includes('Shot description: The beam');
      return { object: { score: clip ? (clipScores.shift() ?? 0.9) : 0.9, problems: clip ? ['the beam is missing'] : [] } };
    },
  });
}, 60_000);
afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

const screenplay = {
  version: 1,
  title: 'Judged',
  characters: [{ id: 'char_1', name: 'MARA', description: 'a keeper', visualTraits: ['yellow coat'] }],
  scenes: [{ id: 'scene_1', heading: 'EXT. PIER - DUSK', location: 'Pier', characters: [], shots: [{ id: 'shot_1', description: 'The beam sweeps the sea.', camera: 'slow pan right', durationSeconds: 4 }] }],
};

function makerWith(scores: number[]) {
  clipScores = [...scores];
  const takes: string[] = [];
  const image: ImageModelV1 = {
    specificationVersion: 'v1',
    provider: 'pictures',
    modelId: 'still',
    async doGenerate() {
      return { images: [{ mediaType: 'image/png', data: media['still.png']! }], costUsd: 0.04 };
    },
  };
  const video: VideoModelV1 = {
    specificationVersion: 'v1',
    provider: 'clips',
    modelId: 'three-takes',
    capabilities: { modes: ['image-to-video', 'first-last-frame'], durations: [4] },
    estimateCost: () => 1,
    async doStart() {
      takes.push(`take${takes.length + 1}.mp4`);
      return { operation: { file: takes.at(-1)! } };
    },
    async doStatus({ operation }) {
      return { status: 'completed', result: { video: { mediaType: 'video/mp4', data: media[(operation as { file: string }).file]! }, costUsd: 1 } };
    },
  };
  const store = new MemoryJobStore();
  const maker = createMovieMaker({
    store,
    models: {
      writer: createFakeProvider({ screenplay: () => screenplay }).textModel(),
      image,
      video,
      speech: createFakeProvider().speechModel(),
      judge: createOpenAI({ apiKey: 'sk-test-judge', baseURL: emulator.url }).textModel('gpt-4.1-mini'),
    },
    postProduction: createFakePostProduction(),
    output: { width: 320, height: 180 },
    checks: createFfmpegAssetChecker(),
    retry: { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 },
  });
  return { maker, store, takes };
}

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('a judge scores every take', () => {
  it('scored low twice then high: three takes, the third in the film, all three paid for', { timeout: 120_000 }, async () => {
    const { maker, store, takes } = makerWith([0.2, 0.3, 0.85]);
    const result = await maker.generate('EXT. PIER - DUSK\n\nThe beam sweeps the sea.', { baseDir: dir, movieId: 'three' });
    expect((await store.listJobs('three', { status: 'failed' })).map((failed) => `${failed.key}: ${failed.errors.at(-1)?.message}`)).toEqual([]);
    expect(result.status).toBe('completed');
    expect(takes).toEqual(['take1.mp4', 'take2.mp4', 'take3.mp4']);
    const clip = (await store.getJob('three', 'video:scene_1:shot_1'))!;
    expect(clip).toMatchObject({ status: 'completed', attempts: 3, result: { judge: { score: 0.85 } } });
    // Three clips at $1, and the judge's three looks priced from their tokens.
    expect(clip.costUsd).toBeGreaterThan(3);
    expect(clip.costUsd).toBeLessThan(3.01);
    expect(clip.errors.map((error) => error.message)).toEqual([
      expect.stringContaining('the judge scored it 0.20, below 0.6: the beam is missing'),
      expect.stringContaining('the judge scored it 0.30, below 0.6'),
    ]);
    expect(clip.outputs[0]!.sha256).toBe(sha(media['take3.mp4']!));
    // The judge saw the take's frames and the keyframes it was made from.
    const judged = emulator.requests.filter((request) => request.path.endsWith('/chat/completions') && JSON.stringify(request.body).includes('The take is 3 image'));
    const content = (judged[0]!.body as { messages: { role: string; content: unknown }[] }).messages.find((message) => message.role === 'user')!.content as { type: string }[];
    expect(content.filter((part) => part.type === 'image_url').length).toBeGreaterThanOrEqual(4);
  });

  it('when no take passes, the best one is kept and flagged', { timeout: 120_000 }, async () => {
    const { maker, store } = makerWith([0.3, 0.5, 0.4]);
    const result = await maker.generate('EXT. PIER - DUSK\n\nThe beam sweeps the sea.', { baseDir: dir, movieId: 'best' });
    expect(result.status).toBe('completed');
    const clip = (await store.getJob('best', 'video:scene_1:shot_1'))!;
    expect(clip).toMatchObject({ attempts: 3, result: { judge: { score: 0.5, flagged: true, candidates: 3 } } });
    expect(clip.costUsd).toBeGreaterThan(3);
    expect(clip.outputs[0]!.sha256).toBe(sha(media['take2.mp4']!));
    expect(sha(new Uint8Array(readFileSync(join(dir, 'best', clip.outputs[0]!.path))))).toBe(sha(media['take2.mp4']!));
  });

  it("the judge's calls count in the estimate", () => {
    const fake = createFakeProvider({ costUsd: { image: 0.04, video: 1 } });
    const base = { writer: fake.textModel(), image: fake.imageModel(), video: fake.videoModel(), speech: fake.speechModel() };
    const film = parseScreenplay(screenplay);
    const total = (models: typeof base & { judge?: ReturnType<ReturnType<typeof createOpenAI>['textModel']> }) =>
      createDefaultPipeline({ models, postProduction: createFakePostProduction() }).estimate({ input: { script: 'x' }, screenplay: film }).totalUsd;
    // gpt-4.1-mini's look at each still and clip is priced from its token table.
    expect(total({ ...base, judge: createOpenAI({ apiKey: 'sk-test-judge', baseURL: emulator.url }).textModel('gpt-4.1-mini') })).toBeGreaterThan(total(base));
  });
});

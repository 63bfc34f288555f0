import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMovieMaker } from '../config/create-movie-maker.js';
import { ApiCallError, CinemaError } from '../errors/index.js';
import { MemoryJobStore } from '../job-store/memory-job-store.js';
import type { CinemaEvent } from '../orchestrator/events.js';
import { createFakePostProduction } from '../testing/fake-post-production.js';
import { createFakeProvider } from '../testing/fake-provider.js';
import { createDefaultPipeline } from '../config/create-movie-maker.js';
import { fakeScreenplay } from '../testing/fake-provider.js';
import { parseScreenplay } from '../screenplay/parse-screenplay.js';

let baseDir: string;
beforeEach(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'cinema-fallback-'));
});
afterEach(async () => {
  await rm(baseDir, { recursive: true, force: true });
});

const script = 'One.\n\nTwo.';

describe('fallback models per stage', () => {
  it('submits to the next video model when the first one is retired, and the saved operation polls the right one', async () => {
    const retired = createFakeProvider({
      name: 'old',
      failWith: (call) => (call.kind === 'video' ? new ApiCallError({ message: 'model not found', url: 'http://old/v1', statusCode: 404 }) : undefined),
    });
    const current = createFakeProvider({ name: 'new' });
    const store = new MemoryJobStore();
    const maker = createMovieMaker({
      store,
      models: { writer: current.textModel(), image: current.imageModel(), video: [retired.videoModel('v1'), current.videoModel('v2')], speech: current.speechModel() },
      postProduction: createFakePostProduction(),
    });
    const warnings: string[] = [];
    const result = await maker.generate(script, {
      baseDir,
      movieId: 'fallback',
      onEvent: (event: CinemaEvent) => event.type === 'job:warning' && warnings.push(event.message),
    });
    expect(result.status).toBe('completed');
    expect(retired.count({ kind: 'video', type: 'start' })).toBe(2);
    expect(current.count({ kind: 'video', type: 'start' })).toBe(2);
    expect(current.count({ kind: 'video', type: 'status' })).toBeGreaterThanOrEqual(2);
    expect(warnings.some((message) => message.includes('old/v1 failed (model not found); used new/v2 instead'))).toBe(true);
    const video = (await store.getJob('fallback', 'video:scene_1:shot_1'))!;
    expect(video.operation).toMatchObject({ model: 1 });
  });

  it('does not fall back on a refusal: the next model would refuse the same prompt', async () => {
    const strict = createFakeProvider({
      name: 'strict',
      failWith: (call) => (call.kind === 'image' ? new CinemaError({ message: 'refused by policy', category: 'content_policy' }) : undefined),
    });
    const other = createFakeProvider({ name: 'other' });
    const maker = createMovieMaker({
      store: new MemoryJobStore(),
      models: { writer: other.textModel(), image: [strict.imageModel(), other.imageModel()], video: other.videoModel(), speech: other.speechModel() },
      postProduction: createFakePostProduction(),
    });
    const result = await maker.generate(script, { baseDir, movieId: 'refused' });
    expect(result.status).toBe('failed');
    expect(other.count({ kind: 'image' })).toBe(0);
  });
});

describe('checks before any job starts', () => {
  it('fails when a model cannot run (no key), naming the stage and the model, and creates no job', async () => {
    const provider = createFakeProvider({ name: 'hosted' });
    const video = Object.assign(provider.videoModel('clip-1'), {
      validate: () => {
        throw new CinemaError({ message: 'No API key: set HOSTED_KEY.', category: 'auth' });
      },
    });
    const store = new MemoryJobStore();
    const maker = createMovieMaker({
      store,
      models: { writer: provider.textModel(), image: provider.imageModel(), video, speech: provider.speechModel() },
      postProduction: createFakePostProduction(),
    });
    await expect(maker.generate(script, { baseDir, movieId: 'nokey' })).rejects.toThrow('Stage videos, model hosted/clip-1: No API key: set HOSTED_KEY.');
    expect(await store.getMovie('nokey')).toBeUndefined();
    expect(provider.calls).toHaveLength(0);
  });

  it('fails when a model cannot make the film\'s aspect ratio, naming the stage and the model', async () => {
    const provider = createFakeProvider({ name: 'square', imageCapabilities: { aspectRatios: ['1:1'] } });
    const maker = createMovieMaker({
      store: new MemoryJobStore(),
      models: { writer: provider.textModel(), image: provider.imageModel('sq'), video: provider.videoModel(), speech: provider.speechModel() },
      postProduction: createFakePostProduction(),
    });
    await expect(maker.generate(script, { baseDir, movieId: 'ratio' })).rejects.toThrow(/Stage keyframes: model square\/sq makes 1:1 only, not the film's 16:9/);
  });
});

describe('image models that only edit', () => {
  it('cannot draw character sheets: the error names the stage, the model and the fix', async () => {
    const provider = createFakeProvider({ name: 'editor', imageCapabilities: { requiresReferenceImage: true } });
    const maker = createMovieMaker({
      store: new MemoryJobStore(),
      models: { writer: provider.textModel(), image: provider.imageModel('kontext'), video: provider.videoModel(), speech: provider.speechModel() },
      postProduction: createFakePostProduction(),
    });
    await expect(maker.generate(script, { baseDir, movieId: 'edits' })).rejects.toThrow(
      /Stage characters: model editor\/kontext edits a reference image, .* Set models.characters to a text-to-image model/,
    );
  });
});

describe('Pipeline.estimate', () => {
  it('prices every planned job by its model, per stage, before anything runs', () => {
    const provider = createFakeProvider({ costUsd: { text: 0.02, image: 0.04, video: 0.5, speech: 0.01 } });
    const pipeline = createDefaultPipeline({
      models: { writer: provider.textModel(), image: provider.imageModel(), video: provider.videoModel(), speech: provider.speechModel() },
      postProduction: createFakePostProduction(),
    });
    const screenplay = parseScreenplay(fakeScreenplay('a\n\nb\n\nc'));
    const estimate = pipeline.estimate({ input: { script: 'A storm.\n\nAda fixes it.\n\nBo lands.' }, screenplay });
    // The overview, a writer job per scene, and the free merge.
    expect(estimate.stages.screenplay).toEqual({ jobs: 5, costUsd: 0.08 });
    expect(estimate.stages.characters!.jobs).toBe(6);
    expect(estimate.stages.keyframes!.jobs).toBe(6);
    expect(estimate.stages.videos).toEqual({ jobs: 3, costUsd: 1.5 });
    expect(estimate.stages.audio!.jobs).toBe(3);
    expect(estimate.totalUsd).toBeCloseTo(0.08 + 12 * 0.04 + 1.5 + 0.03, 6);
    expect(provider.calls).toHaveLength(0);
  });
});

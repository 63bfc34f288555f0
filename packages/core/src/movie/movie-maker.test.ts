import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiCallError } from '../errors/index.js';
import { MemoryJobStore } from '../job-store/memory-job-store.js';
import type { CinemaEvent } from '../orchestrator/events.js';
import { createFakePostProduction } from '../testing/fake-post-production.js';
import { createFakeProvider, fakeScreenplay, type FakeProviderOptions } from '../testing/fake-provider.js';
import { createDefaultPipeline, createMovieMaker } from '../config/create-movie-maker.js';
import { MovieMaker } from './movie-maker.js';
import type { OrchestratorOptions } from '../orchestrator/orchestrator-options.js';

const script = 'A storm over the harbour.\n\nAda fixes the radio.\n\nBo lands the plane.';

let baseDir: string;
beforeEach(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'cinema-core-'));
});
afterEach(async () => {
  await rm(baseDir, { recursive: true, force: true });
});

function setup(providerOptions: FakeProviderOptions = {}, config: { budget?: number; limits?: OrchestratorOptions['limits']; maxAttempts?: number } = {}) {
  const provider = createFakeProvider(providerOptions);
  const store = new MemoryJobStore();
  const postProduction = createFakePostProduction();
  const maker = createMovieMaker({
    store,
    models: { writer: provider.textModel(), image: provider.imageModel(), video: provider.videoModel(), speech: provider.speechModel() },
    postProduction,
    budget: config.budget === undefined ? undefined : { maxCostUsd: config.budget },
    limits: config.limits,
    retry: { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: config.maxAttempts },
  });
  return { provider, store, maker, postProduction };
}

describe('MovieMaker', () => {
  it('makes every asset of the layout, records every job, and calls each model once per job', async () => {
    const { provider, store, maker } = setup();
    const result = await maker.generate(script, { baseDir, movieId: 'harbour' });
    expect(result.status).toBe('completed');
    const movieDir = join(baseDir, 'harbour');
    for (const path of [
      'screenplay.json',
      'characters/char_1_front.png',
      'characters/char_1_side.png',
      'characters/char_2_full_body.png',
      'images/scene_1_first_frame.png',
      'images/scene_3_last_frame.png',
      'videos/scene_1.mp4',
      'videos/scene_3.mp4',
      'audio/scene_1_line_1.wav',
      'output/harbour_final.mp4',
      'output/harbour_final.srt',
    ]) {
      expect((await stat(join(movieDir, path))).size, path).toBeGreaterThan(0);
    }
    expect(result.finalVideo).toBe(join(movieDir, 'output/harbour_final.mp4'));
    const jobs = await store.listJobs('harbour');
    // overview + 3 scene writers + screenplay + 6 sheets + 3 shots x 2 keyframes + 3 videos + 3 lines + 1 edit
    expect(jobs).toHaveLength(24);
    expect(jobs.every((job) => job.status === 'completed')).toBe(true);
    expect(provider.count({ kind: 'text' })).toBe(4);
    expect(provider.count({ kind: 'image' })).toBe(12);
    expect(provider.count({ kind: 'video', type: 'start' })).toBe(3);
    expect(provider.count({ kind: 'speech' })).toBe(3);
    // Keyframes are drawn with the character sheets as references.
    const keyframe = jobs.find((job) => job.key === 'keyframe:scene_1:shot_1:first_frame')!;
    expect(keyframe.dependsOn).toContain('character:char_1:front');
    const status = await maker.getStatus('harbour', { baseDir });
    expect(status).toMatchObject({ status: 'completed', progress: 100, completed: 24, total: 24, failed: 0 });
    expect(status.stages.keyframes).toMatchObject({ total: 6, completed: 6 });
    const state = (await store.getMovie('harbour'))!.state as { stages: Record<string, { completed: boolean }> };
    expect(state.stages.videos!.completed).toBe(true);
  });

  it('resumes a finished movie without calling any model', async () => {
    const { provider, maker } = setup();
    await maker.generate(script, { baseDir, movieId: 'done' });
    const before = provider.calls.length;
    const again = await maker.resume('done', { baseDir });
    expect(again.status).toBe('completed');
    expect(provider.calls.length).toBe(before);
  });

  it('runs a stage as a dependency, not a barrier: an early video finishes before a late keyframe starts', async () => {
    const { maker } = setup({ latencyMs: { image: 15, video: 10 } }, { limits: { fake: { concurrency: 2 } } });
    const events: CinemaEvent[] = [];
    await maker.generate(Array.from({ length: 8 }, (_, index) => `Scene ${index}.`).join('\n\n'), { baseDir, movieId: 'overlap', onEvent: (event) => events.push(event) });
    const firstVideoDone = events.findIndex((event) => event.type === 'job:completed' && event.stage === 'videos');
    const lastKeyframeStart = events.findLastIndex((event) => event.type === 'job:started' && event.stage === 'keyframes');
    expect(firstVideoDone).toBeGreaterThan(-1);
    expect(firstVideoDone).toBeLessThan(lastKeyframeStart);
  });

  it('never runs more jobs of a lane at once than its concurrency limit', async () => {
    const { maker } = setup({ latencyMs: { image: 5, video: 5, speech: 5 } }, { limits: { fake: { concurrency: 3 } } });
    let running = 0;
    let peak = 0;
    await maker.generate(script, {
      baseDir,
      movieId: 'limited',
      onEvent: (event) => {
        if (event.type === 'job:started' && event.stage !== 'edit') peak = Math.max(peak, ++running);
        if ((event.type === 'job:completed' || event.type === 'job:failed') && event.stage !== 'edit') running--;
      },
    });
    expect(peak).toBe(3);
  });

  it('fails an invalid scene naming the scene and the field, and a retry fixes it', async () => {
    let broken = false;
    const { store, maker } = setup({
      screenplay: (text) => {
        const screenplay = fakeScreenplay(text);
        if (text.startsWith('Ada fixes') && !broken) {
          broken = true;
          delete (screenplay.scenes[0]!.shots[0] as Partial<(typeof screenplay.scenes)[0]['shots'][0]>).durationSeconds;
        }
        return screenplay;
      },
    });
    const result = await maker.generate(script, { baseDir, movieId: 'fixme' });
    expect(result.status).toBe('completed');
    const job = (await store.getJob('fixme', 'screenplay:scene_2'))!;
    expect(job.attempts).toBe(2);
    expect(job.errors[0]!.message).toContain('Invalid scene_2 from fake/fake-writer: field "shots.0.durationSeconds"');
    expect((await store.getJob('fixme', 'screenplay:scene_1'))!.attempts).toBe(1);
  });

  it('fails the job for good when every attempt is invalid, and says which field', async () => {
    const { store, maker } = setup({ screenplay: () => ({ title: 'x', scenes: [] }) }, { maxAttempts: 2 });
    const result = await maker.generate(script, { baseDir, movieId: 'broken' });
    expect(result.status).toBe('failed');
    const job = (await store.getJob('broken', 'screenplay:scene_1'))!;
    expect(job.status).toBe('failed');
    expect(job.errors).toHaveLength(2);
    expect(job.errors[1]!.message).toMatch(/field "shots": a scene needs at least one shot/);
  });

  it("the orchestrator's retry.maxAttempts applies to jobs that set none", async () => {
    const provider = createFakeProvider({ screenplay: () => ({ title: 'x', scenes: [] }) });
    const store = new MemoryJobStore();
    const pipeline = createDefaultPipeline({
      models: { writer: provider.textModel(), image: provider.imageModel(), video: provider.videoModel(), speech: provider.speechModel() },
      postProduction: createFakePostProduction(),
    });
    const maker = new MovieMaker({ pipeline, store, orchestrator: { retry: { maxAttempts: 1, initialDelayMs: 5, maxDelayMs: 5 } } });
    expect((await maker.generate(script, { baseDir, movieId: 'once' })).status).toBe('failed');
    expect(await store.getJob('once', 'screenplay:scene_1')).toMatchObject({ status: 'failed', attempts: 1, maxAttempts: 1 });
    // The overview and one attempt per scene: nothing tried twice.
    expect(provider.count({ kind: 'text' })).toBe(4);
  });

  it('honours Retry-After on a 429 without using up an attempt', async () => {
    const { store, maker } = setup({
      failWith: (call, count) =>
        call.subject === 'character:char_1:front' && count <= 2
          ? new ApiCallError({ message: 'slow down', url: 'http://fake', statusCode: 429, retryAfterMs: 40 })
          : undefined,
    });
    const events: CinemaEvent[] = [];
    const result = await maker.generate(script, { baseDir, movieId: 'limited429', onEvent: (event) => events.push(event) });
    expect(result.status).toBe('completed');
    const job = (await store.getJob('limited429', 'character:char_1:front'))!;
    expect(job.attempts).toBe(1);
    expect(job.errors.map((error) => error.category)).toEqual(['rate_limit', 'rate_limit']);
    const retries = events.filter((event) => event.type === 'job:retrying');
    expect(retries).toHaveLength(2);
    for (const retry of retries) expect(retry.type === 'job:retrying' && retry.delayMs).toBeGreaterThanOrEqual(40);
  });

  it('stops starting paid jobs before the budget would be passed', async () => {
    const { store, maker, provider } = setup({ costUsd: { video: 1 } }, { budget: 2.5 });
    const result = await maker.generate(script, { baseDir, movieId: 'budget' });
    expect(result.status).toBe('budget_exceeded');
    expect(provider.count({ kind: 'video', type: 'start' })).toBe(2);
    const summary = await store.summarize('budget');
    expect(summary.costUsd).toBe(2);
    expect(summary.stages.videos).toMatchObject({ completed: 2, pending: 1 });
  });

  it('stops cleanly on abort and re-attaches submitted video work on resume', async () => {
    const { provider, store, maker } = setup({ latencyMs: { video: 150 } });
    const controller = new AbortController();
    const result = await maker.generate(script, {
      baseDir,
      movieId: 'stopped',
      abortSignal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'job:submitted' && event.stage === 'videos') controller.abort();
      },
    });
    expect(result.status).toBe('stopped');
    const waiting = (await store.listJobs('stopped', { stage: 'videos' })).filter((job) => job.operation !== null);
    expect(waiting.length).toBeGreaterThan(0);
    expect((await store.listJobs('stopped')).some((job) => job.status === 'in_progress' || job.status === 'waiting')).toBe(false);
    const events: CinemaEvent[] = [];
    const resumed = await maker.resume('stopped', { baseDir, onEvent: (event) => events.push(event) });
    expect(resumed.status).toBe('completed');
    expect(events.filter((event) => event.type === 'job:reattached')).toHaveLength(waiting.length);
    expect(provider.count({ kind: 'video', type: 'start' })).toBe(3);
    expect(provider.count({ kind: 'video', type: 'dedupe' })).toBe(0);
  });

  it('cancel stops unfinished jobs for good, asks the provider to stop submitted work, and keeps what is finished', async () => {
    const provider = createFakeProvider({ latencyMs: { video: 60_000 } });
    const store = new MemoryJobStore();
    const pipeline = createDefaultPipeline({
      models: { writer: provider.textModel(), image: provider.imageModel(), video: provider.videoModel(), speech: provider.speechModel() },
      postProduction: createFakePostProduction(),
    });
    const running = new MovieMaker({ pipeline, store, orchestrator: { leaseMs: 300, operationPollMs: { initial: 20, max: 50 } } });
    const canceller = new MovieMaker({ pipeline, store });
    let cancel: Promise<Awaited<ReturnType<MovieMaker['cancel']>>> | undefined;
    const submitted = new Set<string>();
    const run = running.generate(script, {
      baseDir,
      movieId: 'cancelled',
      onEvent: (event) => {
        if (event.type !== 'job:submitted') return;
        submitted.add(event.key);
        if (submitted.size === 3) cancel ??= canceller.cancel('cancelled', { baseDir });
      },
    });
    const result = await run;
    const outcome = await cancel!;
    expect(result.status).toBe('failed');
    expect(outcome.providerCancelled.sort()).toEqual([...submitted].sort());
    expect(outcome.cancelled).toEqual(expect.arrayContaining([...submitted, 'edit']));
    expect(provider.count({ kind: 'video', type: 'cancel' })).toBe(3);
    const jobs = await store.listJobs('cancelled');
    expect(jobs.filter((job) => job.status === 'cancelled').map((job) => job.key).sort()).toEqual([...outcome.cancelled].sort());
    expect(jobs.filter((job) => job.stage === 'characters').every((job) => job.status === 'completed')).toBe(true);
    expect(await canceller.cancel('cancelled', { baseDir })).toEqual({ cancelled: [], providerCancelled: [], providerErrors: [] });
  });

  it('gives clear errors for bad movie ids, unknown movies, missing directories and empty scripts', async () => {
    const { maker } = setup();
    await expect(maker.generate(script, { baseDir, movieId: '../escape' })).rejects.toThrow(/Invalid movie id "..\/escape"/);
    await expect(maker.generate(script, { baseDir, movieId: 'a\\b' })).rejects.toThrow(/Invalid movie id "a\\\\b".*no "\/", "\\" or ".."/);
    await expect(maker.resume('nope', { baseDir })).rejects.toThrow(/No movie "nope" in/);
    await expect(maker.getStatus('nope', { baseDir })).rejects.toThrow(/No movie "nope"/);
    await expect(maker.generate(script, { baseDir: join(baseDir, 'missing') })).rejects.toThrow(/does not exist: create it/);
    await expect(maker.generate('  \n', { baseDir, scriptName: 'empty.fountain' })).rejects.toThrow(/The script empty.fountain is empty/);
  });

  it('refuses to reuse a movie id for a different script and keeps what was made', async () => {
    const { maker } = setup();
    await maker.generate(script, { baseDir, movieId: 'taken' });
    const film = await readFile(join(baseDir, 'taken/output/taken_final.mp4'));
    await expect(maker.generate('Another story.', { baseDir, movieId: 'taken' })).rejects.toThrow(/already exists .* with a different script/);
    expect(await readFile(join(baseDir, 'taken/output/taken_final.mp4'))).toEqual(film);
  });

  it('picks a readable movie id from the script name', async () => {
    const { maker } = setup();
    const result = await maker.generate(script, { baseDir, scriptName: 'The Harbour.fountain' });
    expect(result.movieId).toMatch(/^the-harbour-[0-9a-f]{6}$/);
  });
});

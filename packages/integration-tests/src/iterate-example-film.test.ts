import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { MovieMaker, createDefaultPipeline, type ImageModelV1, type JobStoreV1, type SpeechModelV1, type TextModelV1, type VideoModelV1 } from '@cinema/core';
import { createFakePostProduction, subjectOf } from '@cinema/core/testing';
import { createFfmpegPostProduction, findFfmpeg } from '@cinema/postprod-ffmpeg';
import { AnimaticTextModel, animatic } from '@cinema/provider-animatic';
import { createOpenAI } from '@cinema/provider-openai';
import { createOpenAIEmulator, type OpenAIEmulator } from '@cinema/provider-openai/testing';
import { createSqliteJobStore } from '@cinema/tracker-sqlite';
import { afterAll, describe, expect, it } from 'vitest';

const original = readFileSync(new URL('../../../examples/scripts/the-lighthouse.fountain', import.meta.url), 'utf8');
const small = { width: 320, height: 180, fps: 12 };
const directories: string[] = [];
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.splice(0)) await close();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** Every model call, named after what it was for (`keyframe:scene_2:shot_1:first_frame`). */
type CallLog = string[];

function counted<Model extends TextModelV1 | ImageModelV1 | VideoModelV1 | SpeechModelV1>(model: Model, kind: 'text' | 'image' | 'video' | 'speech', log: CallLog): Model {
  const subject = (options: { context?: Parameters<typeof subjectOf>[1]; schemaName?: string; prompt?: string; text?: string }) =>
    kind === 'text' ? `${options.schemaName}:${(options.prompt ?? '').split('---\n')[1]?.split('\n')[0] ?? ''}` : subjectOf(kind, options.context, options.text ?? '');
  return new Proxy(model, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if ((property === 'doGenerate' || property === 'doStart') && typeof value === 'function') {
        return (options: never) => {
          log.push(`${kind} ${subject(options)}`);
          return (value as (options: never) => unknown).call(target, options);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function setUp(writerFor: (log: CallLog) => TextModelV1, realEditor: boolean) {
  const baseDir = mkdtempSync(join(tmpdir(), 'cinema-example-iterate-'));
  directories.push(baseDir);
  const log: CallLog = [];
  const store: JobStoreV1 = await createSqliteJobStore({ path: join(baseDir, 'cinema.db') });
  closers.push(() => store.close());
  const pipeline = createDefaultPipeline({
    models: {
      writer: writerFor(log),
      image: counted(animatic.imageModel(), 'image', log),
      video: counted(animatic.videoModel(), 'video', log),
      speech: counted(animatic.speechModel(), 'speech', log),
    },
    postProduction: realEditor ? createFfmpegPostProduction() : createFakePostProduction(),
  });
  const maker = new MovieMaker({ pipeline, store, settings: small });
  const first = await maker.generate(original, { baseDir, movieId: 'lighthouse' });
  const failures = (await store.listJobs('lighthouse', { status: 'failed' })).map((job) => `${job.key}: ${job.errors.at(-1)?.message}`);
  expect(failures).toEqual([]);
  expect(first.status).toBe('completed');
  /** Calls since the last look, by kind. */
  let seen = log.length;
  const newCalls = () => {
    const fresh = log.slice(seen);
    seen = log.length;
    const of = (kind: string) => fresh.filter((call) => call.startsWith(`${kind} `)).map((call) => call.slice(kind.length + 1)).sort();
    return { text: of('text'), image: of('image'), video: of('video'), speech: of('speech') };
  };
  return { baseDir, store, maker, newCalls };
}

/** The edits of the issue, one after the other on the same movie. */
const edits = {
  line: (script: string) => script.replace('Then we climb faster.', 'Then we climb faster, Mara.'),
  action: (script: string) => script.replace('Rain lashes the glass.', 'Hail rattles the glass.'),
  description: (script: string) => script.replace('a fisherman in a torn jacket', 'a fisherman in a bright orange jacket'),
  insert: (script: string) =>
    script.replace('DISSOLVE TO:\n', 'DISSOLVE TO:\n\nEXT. CLIFF PATH - NIGHT\n\nA fox watches the lighthouse from the gorse.\n\nCUT TO:\n'),
  delete: (script: string) => script.replace(/EXT\. CLIFF PATH - NIGHT\n\nA fox watches the lighthouse from the gorse\.\n\nCUT TO:\n\n/, ''),
};

describe('iterating on the example film pays only for what changed', () => {
  it('with the offline animatic: a line, an action, a description, a scene inserted, a scene deleted', { timeout: 240_000 }, async () => {
    const { baseDir, store, maker, newCalls } = await setUp((log) => counted(new AnimaticTextModel(), 'text', log), true);
    newCalls();

    let script = edits.line(original);
    expect((await maker.update('lighthouse', script, { baseDir })).status).toBe('completed');
    let calls = newCalls();
    expect(calls.text).toEqual(['screenplay-scene:INT. LIGHTHOUSE STAIRWELL - NIGHT']);
    expect(calls.image).toEqual([]);
    expect(calls.video).toEqual([]);
    expect(calls.speech).toEqual([expect.stringMatching(/^speech:scene_2:/)]);

    script = edits.action(script);
    await maker.update('lighthouse', script, { baseDir });
    calls = newCalls();
    expect(calls.text).toEqual(['screenplay-scene:INT. LAMP ROOM - NIGHT']);
    expect(calls.image.every((call) => call.startsWith('keyframe:scene_3:shot_1:'))).toBe(true);
    expect(calls.image.length).toBeGreaterThan(0);
    expect(calls.video).toEqual(['video:scene_3:shot_1']);
    expect(calls.speech).toEqual([]);

    script = edits.description(script);
    await maker.update('lighthouse', script, { baseDir });
    calls = newCalls();
    const jonas = (await store.listJobs('lighthouse', { stage: 'characters' })).find((job) => job.characterId && (job.input as { prompt: string }).prompt.includes('orange'))!.characterId;
    expect(calls.image.filter((call) => call.startsWith('character:')).sort()).toEqual([`character:${jonas}:front`, `character:${jonas}:full_body`, `character:${jonas}:side`]);
    expect(calls.image.filter((call) => call.startsWith('keyframe:')).every((call) => call.startsWith('keyframe:scene_4:'))).toBe(true);
    expect(calls.video.every((call) => call.startsWith('video:scene_4:'))).toBe(true);
    expect(calls.speech).toEqual([]);

    script = edits.insert(script);
    const plan = await maker.plan('lighthouse', script, { baseDir });
    expect(plan.scenes.map((scene) => [scene.sceneId, scene.change])).toEqual([
      ['scene_1', 'unchanged'],
      ['scene_2', 'unchanged'],
      ['scene_5', 'new'],
      ['scene_3', 'unchanged'],
      ['scene_4', 'unchanged'],
    ]);
    newCalls();
    await maker.update('lighthouse', script, { baseDir });
    calls = newCalls();
    expect(calls.text).toEqual(['screenplay-scene:EXT. CLIFF PATH - NIGHT']);
    expect(calls.image.every((call) => call.startsWith('keyframe:scene_5:'))).toBe(true);
    expect(calls.video).toEqual(['video:scene_5:shot_1']);
    expect(calls.speech).toEqual([]);

    script = edits.delete(script);
    const result = await maker.update('lighthouse', script, { baseDir });
    expect(result.status).toBe('completed');
    expect(newCalls()).toEqual({ text: [], image: [], video: [], speech: [] });
    expect((await store.listJobs('lighthouse', { status: 'retired' })).map((job) => job.key)).toContain('video:scene_5:shot_1');

    // The film plays and matches the edited script: four scenes again.
    const { ffprobePath } = await findFfmpeg();
    const probe = JSON.parse((await promisify(execFile)(ffprobePath, ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,width', '-of', 'json', result.finalVideo!])).stdout);
    expect(probe.streams.map((stream: { codec_name: string }) => stream.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(Number(probe.format.duration)).toBeGreaterThan(5);
  });

  it('with a hosted writer through the OpenAI emulator: one text call per edited scene, nothing else asked again', { timeout: 180_000 }, async () => {
    const writer = new AnimaticTextModel();
    let emulator!: OpenAIEmulator;
    emulator = await createOpenAIEmulator({
      apiKey: 'sk-test-key',
      // The emulated model answers each scene the way the animatic writer reads it.
      chatResponder: async (request) => ({ object: (await writer.doGenerate({ prompt: request.prompt, schemaName: request.schemaName ?? '', jsonSchema: {}, idempotencyKey: 'x' })).object }),
    });
    closers.push(() => emulator.close());
    const openai = createOpenAI({ apiKey: 'sk-test-key', baseURL: emulator.url });
    const chats = () => emulator.requests.filter((request) => request.path.endsWith('/chat/completions')).length;
    const { baseDir, maker, newCalls } = await setUp(() => openai.textModel('gpt-5'), false);
    expect(chats()).toBe(5); // the overview and one call per scene
    newCalls();

    await maker.update('lighthouse', edits.line(original), { baseDir });
    expect(chats()).toBe(6);
    expect(newCalls()).toMatchObject({ image: [], video: [], speech: [expect.stringMatching(/^speech:scene_2:/)] });

    await maker.update('lighthouse', edits.insert(edits.line(original)), { baseDir });
    expect(chats()).toBe(7);
    const calls = newCalls();
    expect(calls.video).toEqual(['video:scene_5:shot_1']);
    expect(calls.speech).toEqual([]);

    await maker.update('lighthouse', edits.line(original), { baseDir });
    expect(chats()).toBe(7);
    expect(newCalls()).toEqual({ text: [], image: [], video: [], speech: [] });
  });
});

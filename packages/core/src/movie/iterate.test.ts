import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMovieMaker } from '../config/create-movie-maker.js';
import type { EditCut, MovieInput } from '../pipeline/v1/index.js';
import type { EditRequest } from '../post-production/v1/index.js';
import { readEditRecord } from './edit-record.js';
import { MemoryJobStore } from '../job-store/memory-job-store.js';
import { createFakePostProduction } from '../testing/fake-post-production.js';
import { createFakeProvider, type FakeCall } from '../testing/fake-provider.js';

/**
 * A writer that reads each paragraph as `Action. NAME: line` so the tests can edit actions and
 * lines; characters are ADA and BO, described by the first paragraph that says `NAME is ...`.
 */
function paragraphScreenplay(text: string) {
  const [action, ...lines] = text.split(/\s(?=[A-Z]{2,}:)/);
  const described = (name: string, fallback: string) => new RegExp(`${name} is ([^.]+)\\.`).exec(text)?.[1] ?? fallback;
  return {
    version: 1,
    title: 'Harbour',
    characters: [
      { id: 'char_1', name: 'ADA', description: described('ADA', 'an engineer'), visualTraits: [], voice: 'alto' },
      { id: 'char_2', name: 'BO', description: described('BO', 'a pilot'), visualTraits: [], voice: 'tenor' },
    ],
    scenes: [
      {
        id: 'scene_1',
        heading: 'EXT. HARBOUR - DAY',
        location: 'Harbour',
        characters: text.includes('ADA') ? ['char_1'] : ['char_2'],
        shots: [
          {
            id: 'shot_1',
            description: action!.trim(),
            durationSeconds: 2,
            dialogue: lines.map((line) => ({ speaker: line.startsWith('ADA') ? 'char_1' : 'char_2', text: line.replace(/^[A-Z]+:\s*/, '').trim() })),
          },
        ],
      },
    ],
  };
}

const scenes = [
  'ADA is an engineer in a red coat. ADA fixes the radio. ADA: It works.',
  'BO is a pilot in a blue cap. BO lands the plane. BO: Made it.',
  'ADA waves from the pier. ADA: Over here!',
  'BO walks home. BO: Goodnight.',
];
const scriptOf = (parts: string[]) => parts.join('\n\n');

let baseDir: string;
beforeEach(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'cinema-iterate-'));
});
afterEach(async () => {
  await rm(baseDir, { recursive: true, force: true });
});

async function madeFilm() {
  const provider = createFakeProvider({ screenplay: paragraphScreenplay, costUsd: { image: 0.04, video: 0.5, speech: 0.01 } });
  const store = new MemoryJobStore();
  const postProduction = createFakePostProduction();
  const maker = createMovieMaker({
    store,
    models: { writer: provider.textModel(), image: provider.imageModel(), video: provider.videoModel(), speech: provider.speechModel() },
    postProduction,
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
  });
  expect((await maker.generate(scriptOf(scenes), { baseDir, movieId: 'harbour' })).status).toBe('completed');
  let before = provider.calls.length;
  /** Calls made since the last look (the first film at first), by kind (starts and generations; polls left out). */
  const since = () => {
    const calls = provider.calls.slice(before).filter((call) => call.type !== 'status');
    before = provider.calls.length;
    const count = (kind: FakeCall['kind']) => calls.filter((call) => call.kind === kind).map((call) => call.subject).sort();
    return { text: count('text'), image: count('image'), video: count('video'), speech: count('speech') };
  };
  return { provider, store, maker, since, renders: postProduction.renders };
}

describe('editing the script pays only for what changed', () => {
  it('an unchanged script makes nothing', async () => {
    const { maker, since } = await madeFilm();
    const plan = await maker.plan('harbour', scriptOf(scenes), { baseDir });
    expect(plan.jobs).toBe(0);
    expect(plan.scenes.map((scene) => scene.change)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect((await maker.update('harbour', scriptOf(scenes), { baseDir })).status).toBe('completed');
    expect(since()).toEqual({ text: [], image: [], video: [], speech: [] });
  });

  it('a changed line of dialogue remakes that line and the edit (and the free scene writer)', async () => {
    const { maker, store, since } = await madeFilm();
    const edited = [...scenes];
    edited[2] = 'ADA waves from the pier. ADA: Over here, Bo!';
    const plan = await maker.plan('harbour', scriptOf(edited), { baseDir });
    expect(plan.scenes.map((scene) => scene.change)).toEqual(['unchanged', 'unchanged', 'changed', 'unchanged']);
    expect(Object.keys(plan.stages).sort()).toEqual(['audio', 'edit', 'screenplay']);
    const result = await maker.update('harbour', scriptOf(edited), { baseDir });
    expect(result.status).toBe('completed');
    const calls = since();
    // The free writer drafted the scene for the plan, then wrote it for the film: nothing else was asked.
    expect(calls.text).toEqual(['scene:ADA waves from the pier. ADA: Over here, Bo!', 'scene:ADA waves from the pier. ADA: Over here, Bo!']);
    expect(calls).toMatchObject({ image: [], video: [], speech: [expect.stringMatching(/^speech:scene_3/)] });
    const line = (await store.getJob('harbour', 'speech:scene_3:line_1'))!;
    expect(line).toMatchObject({ status: 'completed', take: 2 });
    expect(line.takes.map((take) => take.take)).toEqual([1]);
    // The earlier take's file moved aside, and the edit made the film again.
    expect((await stat(join(baseDir, 'harbour', 'takes', 'speech_scene_3_line_1', 'take_1', line.outputs[0]!.path))).size).toBeGreaterThan(0);
    expect((await store.getJob('harbour', 'edit'))!.take).toBe(2);
  });

  it("a changed action remakes that shot's keyframes and clip, and the edit", async () => {
    const { maker, since } = await madeFilm();
    const edited = [...scenes];
    edited[3] = 'BO runs home. BO: Goodnight.';
    expect((await maker.update('harbour', scriptOf(edited), { baseDir })).status).toBe('completed');
    const calls = since();
    expect(calls.image).toEqual(['keyframe:scene_4:shot_1:first_frame', 'keyframe:scene_4:shot_1:last_frame']);
    expect(calls.video).toEqual(['video:scene_4:shot_1']);
    expect(calls.speech).toEqual([]);
  });

  it("a changed description remakes that character's sheets and the shots they are in", async () => {
    const { maker, since } = await madeFilm();
    const edited = [...scenes];
    edited[1] = 'BO is a pilot in a green scarf. BO lands the plane. BO: Made it.';
    const plan = await maker.plan('harbour', scriptOf(edited), { baseDir });
    expect(plan.stages.characters!.keys.sort()).toEqual(['character:char_2:front', 'character:char_2:full_body', 'character:char_2:side']);
    expect((await maker.update('harbour', scriptOf(edited), { baseDir })).status).toBe('completed');
    const calls = since();
    expect(calls.image).toEqual([
      'character:char_2:front',
      'character:char_2:full_body',
      'character:char_2:side',
      'keyframe:scene_2:shot_1:first_frame',
      'keyframe:scene_2:shot_1:last_frame',
      'keyframe:scene_4:shot_1:first_frame',
      'keyframe:scene_4:shot_1:last_frame',
    ]);
    expect(calls.video).toEqual(['video:scene_2:shot_1', 'video:scene_4:shot_1']);
    expect(calls.speech).toEqual([]);
  });

  it("a scene inserted in the middle makes only the new scene's jobs and the edit", async () => {
    const { maker, store, since } = await madeFilm();
    const edited = [scenes[0]!, scenes[1]!, 'ADA climbs the lighthouse. ADA: Up we go.', scenes[2]!, scenes[3]!];
    const plan = await maker.plan('harbour', scriptOf(edited), { baseDir });
    expect(plan.scenes.map((scene) => [scene.sceneId, scene.change])).toEqual([
      ['scene_1', 'unchanged'],
      ['scene_2', 'unchanged'],
      ['scene_5', 'new'],
      ['scene_3', 'unchanged'],
      ['scene_4', 'unchanged'],
    ]);
    expect((await maker.update('harbour', scriptOf(edited), { baseDir })).status).toBe('completed');
    const calls = since();
    expect(calls.image).toEqual(['keyframe:scene_5:shot_1:first_frame', 'keyframe:scene_5:shot_1:last_frame']);
    expect(calls.video).toEqual(['video:scene_5:shot_1']);
    expect(calls.speech).toEqual([expect.stringMatching(/^speech:scene_5/)]);
    expect(plan.costUsd).toBeCloseTo(2 * 0.04 + 0.5 + 0.01, 6);
    expect(plan.drafted).toBe('writer');
    const screenplay = (await store.getJob('harbour', 'screenplay'))!.result as { scenes: { id: string }[] };
    expect(screenplay.scenes.map((scene) => scene.id)).toEqual(['scene_1', 'scene_2', 'scene_5', 'scene_3', 'scene_4']);
  });

  it('a deleted scene makes only the edit; its jobs are retired with their files kept', async () => {
    const { maker, store, since } = await madeFilm();
    const plan = await maker.plan('harbour', scriptOf([scenes[0]!, scenes[1]!, scenes[3]!]), { baseDir });
    expect(plan.scenes.find((scene) => scene.sceneId === 'scene_3')!.change).toBe('removed');
    expect(plan.retired.sort()).toEqual(['keyframe:scene_3:shot_1:first_frame', 'keyframe:scene_3:shot_1:last_frame', 'screenplay:scene_3', 'speech:scene_3:line_1', 'video:scene_3:shot_1']);
    expect((await maker.update('harbour', scriptOf([scenes[0]!, scenes[1]!, scenes[3]!]), { baseDir })).status).toBe('completed');
    expect(since()).toEqual({ text: [], image: [], video: [], speech: [] });
    expect((await store.getJob('harbour', 'video:scene_3:shot_1'))!.status).toBe('retired');
    expect((await readdir(join(baseDir, 'harbour', 'videos'))).sort()).toEqual(['scene_1.mp4', 'scene_2.mp4', 'scene_3.mp4', 'scene_4.mp4']);
    expect((await store.summarize('harbour')).retired).toBe(5);
    expect((await store.getJob('harbour', 'edit'))!.take).toBe(2);
  });

  it('undoing an edit puts the earlier takes back in use: nothing is paid again', async () => {
    const { maker, store, since } = await madeFilm();
    const edited = [...scenes];
    edited[3] = 'BO runs home. BO: Goodnight.';
    await maker.update('harbour', scriptOf(edited), { baseDir });
    expect(since().video).toEqual(['video:scene_4:shot_1']);
    expect((await maker.update('harbour', scriptOf(scenes), { baseDir })).status).toBe('completed');
    expect(since()).toEqual({ text: [], image: [], video: [], speech: [] });
    const clip = (await store.getJob('harbour', 'video:scene_4:shot_1'))!;
    expect(clip.take).toBe(1);
    expect(clip.takes.map((take) => take.take)).toEqual([2]);
  });

  it('a cut scene put back word for word comes back as it was, unpaid', async () => {
    const { maker, store, since } = await madeFilm();
    await maker.update('harbour', scriptOf([scenes[0]!, scenes[1]!, scenes[3]!]), { baseDir });
    expect((await store.getJob('harbour', 'video:scene_3:shot_1'))!.status).toBe('retired');
    since();
    expect((await maker.update('harbour', scriptOf(scenes), { baseDir })).status).toBe('completed');
    expect(since()).toEqual({ text: [], image: [], video: [], speech: [] });
    expect((await store.getJob('harbour', 'video:scene_3:shot_1'))!).toMatchObject({ status: 'completed', take: 1 });
  });

  it('generate on an existing movie with another script asks first, and does nothing when told no', async () => {
    const { maker, since } = await madeFilm();
    const edited = scriptOf([scenes[0]!, scenes[1]!, scenes[3]!]);
    await expect(maker.generate(edited, { baseDir, movieId: 'harbour' })).rejects.toThrow(/cinema plan <script> --id harbour/);
    const seen: number[] = [];
    const declined = await maker.generate(edited, { baseDir, movieId: 'harbour', confirmChange: (plan) => (seen.push(plan.retired.length), false) });
    expect(declined.status).toBe('stopped');
    expect(seen).toEqual([5]);
    expect((await maker.generate(edited, { baseDir, movieId: 'harbour', confirmChange: () => true })).status).toBe('completed');
    expect(since().video).toEqual([]);
  });
});

describe('approve stills before paying for video', () => {
  it('holds every clip until approved; an approved shot goes on while the others wait', async () => {
    const provider = createFakeProvider({ screenplay: paragraphScreenplay, costUsd: { video: 0.5 } });
    const store = new MemoryJobStore();
    const maker = createMovieMaker({
      store,
      models: { writer: provider.textModel(), image: provider.imageModel(), video: provider.videoModel(), speech: provider.speechModel() },
      postProduction: createFakePostProduction(),
      review: { before: ['videos'] },
    });
    const first = await maker.generate(scriptOf(scenes), { baseDir, movieId: 'gated' });
    expect(first.status).toBe('awaiting_review');
    expect(provider.count({ kind: 'video', type: 'start' })).toBe(0);
    expect((await store.listJobs('gated', { stage: 'keyframes' })).every((job) => job.status === 'completed')).toBe(true);
    expect(await maker.approve('gated', { baseDir, shots: ['scene_2:shot_1'] })).toEqual(['video:scene_2:shot_1']);
    expect((await maker.resume('gated', { baseDir })).status).toBe('awaiting_review');
    expect(provider.calls.filter((call) => call.kind === 'video' && call.type === 'start').map((call) => call.subject)).toEqual(['video:scene_2:shot_1']);
    expect((await maker.getStatus('gated', { baseDir })).status).toBe('awaiting_review');
    expect((await maker.approve('gated', { baseDir, all: true })).sort()).toEqual(['video:scene_1:shot_1', 'video:scene_3:shot_1', 'video:scene_4:shot_1']);
    expect((await maker.resume('gated', { baseDir })).status).toBe('completed');
    expect(provider.count({ kind: 'video', type: 'start' })).toBe(4);
  });
});

describe('redo a shot with takes, pick one, or bring your own file', () => {
  it('makes new takes of a clip, keeps every take, and the edit follows only the last', async () => {
    const { maker, store, since } = await madeFilm();
    const plan = await maker.planRedo('harbour', 'scene_2:shot_1', { baseDir, takes: 2 });
    expect(plan).toMatchObject({ keys: ['video:scene_2:shot_1'], dependents: ['edit'], takes: 2, costUsd: 1 });
    const result = await maker.redo('harbour', 'scene_2:shot_1', { baseDir, takes: 2, prompt: 'Bo lands hard, sparks fly.', seed: 7 });
    expect(result.status).toBe('completed');
    expect(since().video).toEqual(['video:scene_2:shot_1', 'video:scene_2:shot_1']);
    const clip = (await store.getJob('harbour', 'video:scene_2:shot_1'))!;
    expect(clip).toMatchObject({ status: 'completed', take: 3 });
    expect(clip.takes.map((take) => take.take)).toEqual([1, 2]);
    expect((await store.getJob('harbour', 'edit'))!.take).toBe(2);
    for (const take of [1, 2]) {
      expect((await stat(join(baseDir, 'harbour', 'takes', 'video_scene_2_shot_1', `take_${take}`, 'videos', 'scene_2.mp4'))).size).toBeGreaterThan(0);
    }

    // Pick the first take back: its file returns, nothing is paid, the edit follows.
    const picked = await maker.pick('harbour', 'video:scene_2:shot_1', 1, { baseDir });
    expect(picked.status).toBe('completed');
    expect(since().video).toEqual([]);
    const back = (await store.getJob('harbour', 'video:scene_2:shot_1'))!;
    expect(back).toMatchObject({ take: 1 });
    expect(back.takes.map((take) => take.take)).toEqual([2, 3]);
    // The film made from take 1 is still there: the edit puts it back instead of rendering again.
    expect((await store.getJob('harbour', 'edit'))!.take).toBe(1);
    // A later resume keeps the picked take: nothing is made again.
    await maker.resume('harbour', { baseDir });
    expect((await store.getJob('harbour', 'video:scene_2:shot_1'))!.take).toBe(1);
    await expect(maker.pick('harbour', 'video:scene_2:shot_1', 9, { baseDir })).rejects.toThrow('Job video:scene_2:shot_1 has no take 9: its takes are 1, 2, 3.');
  });

  it("puts the user's own still in a keyframe's place; the clip and the edit follow", async () => {
    const { maker, store, since } = await madeFilm();
    const mine = join(baseDir, 'mine.png');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(mine, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));
    const result = await maker.replace('harbour', 'keyframe:scene_1:shot_1:first_frame', mine, { baseDir });
    expect(result.status).toBe('completed');
    const still = (await store.getJob('harbour', 'keyframe:scene_1:shot_1:first_frame'))!;
    expect(still).toMatchObject({ take: 2, result: { replacedFrom: mine } });
    expect(since()).toMatchObject({ image: [], video: ['video:scene_1:shot_1'] });
    expect((await store.getJob('harbour', 'edit'))!.take).toBe(2);
  });
});

describe('an editor\'s re-cut (import-cut)', () => {
  /** The film's edit as a cut: its shots reversed, the first trimmed at its head, a line moved. */
  const reversedCut = (request: EditRequest): EditCut => ({
    shots: [...request.shots].reverse().map((shot, index) => ({
      sceneId: shot.sceneId,
      shotId: shot.shotId,
      sourceStartSeconds: index === 0 ? 0.5 : 0,
      durationSeconds: index === 0 ? shot.durationSeconds - 0.5 : shot.durationSeconds,
      transition: shot.transition,
      dialogue: shot.dialogue.map((line) => ({ ...line.line!, offsetSeconds: line.offsetSeconds + (index === 1 ? 0.4 : 0) })),
    })),
  });

  it('re-runs only the edit, renders the cut, and keeps it for a resume', async () => {
    const { maker, store, since, renders } = await madeFilm();
    const cut = reversedCut(renders.at(-1)!);
    const plan = await maker.planCut('harbour', cut, { baseDir });
    expect(Object.keys(plan.stages)).toEqual(['edit']);
    expect((await maker.importCut('harbour', cut, { baseDir })).status).toBe('completed');
    expect(since()).toEqual({ text: [], image: [], video: [], speech: [] });
    const rendered = renders.at(-1)!;
    expect(rendered.shots.map((shot) => shot.sceneId)).toEqual(['scene_4', 'scene_3', 'scene_2', 'scene_1']);
    expect(rendered.shots[0]).toMatchObject({ sourceStartSeconds: 0.5, durationSeconds: cut.shots[0]!.durationSeconds });
    expect(rendered.shots[1]!.dialogue[0]).toMatchObject({ text: 'Over here!', line: { sceneId: 'scene_3', lineNumber: 1 }, offsetSeconds: cut.shots[1]!.dialogue[0]!.offsetSeconds });
    // The edit it rendered is kept beside the film, for an export.
    expect((await readEditRecord(join(baseDir, 'harbour'), 'harbour')).shots).toEqual(rendered.shots);
    expect(((await store.getMovie('harbour'))!.input as unknown as MovieInput).cut).toEqual(cut);
    const count = renders.length;
    expect((await maker.resume('harbour', { baseDir })).status).toBe('completed');
    expect(renders.length).toBe(count);
  });

  it('makes exactly the clip a cut runs past again, as long as it asks', async () => {
    const { maker, since, renders } = await madeFilm();
    const cut = reversedCut(renders.at(-1)!);
    cut.shots[2] = { ...cut.shots[2]!, durationSeconds: 4, clipSeconds: 4 };
    const plan = await maker.planCut('harbour', cut, { baseDir });
    expect(plan.stages.videos?.keys).toEqual(['video:scene_2:shot_1']);
    expect((await maker.importCut('harbour', cut, { baseDir })).status).toBe('completed');
    expect(since()).toMatchObject({ image: [], speech: [], video: [expect.stringMatching(/scene_2/)] });
    expect(renders.at(-1)!.shots[2]).toMatchObject({ sceneId: 'scene_2', durationSeconds: 4 });
  });

  it('keeps the shots a cut removed out after a script edit, and puts a new scene after the shot before it', async () => {
    const { maker, renders } = await madeFilm();
    const cut = reversedCut(renders.at(-1)!);
    cut.shots = cut.shots.filter((shot) => shot.sceneId === 'scene_1' || shot.sceneId === 'scene_3');
    cut.removed = [{ sceneId: 'scene_2', shotId: 'shot_1' }, { sceneId: 'scene_4', shotId: 'shot_1' }];
    expect((await maker.importCut('harbour', cut, { baseDir })).status).toBe('completed');
    expect(renders.at(-1)!.shots.map((shot) => shot.sceneId)).toEqual(['scene_3', 'scene_1']);
    expect((await maker.update('harbour', scriptOf([...scenes, 'BO sails out at dawn. BO: Farewell.']), { baseDir })).status).toBe('completed');
    expect(renders.at(-1)!.shots.map((shot) => shot.sceneId)).toEqual(['scene_3', 'scene_5', 'scene_1']);
  });
});

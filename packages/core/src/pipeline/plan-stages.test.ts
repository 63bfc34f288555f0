import { describe, expect, it } from 'vitest';
import { createDefaultPipeline } from '../config/create-movie-maker.js';
import { ConfigError } from '../errors/index.js';
import { parseScreenplay } from '../screenplay/parse-screenplay.js';
import { createFakePostProduction } from '../testing/fake-post-production.js';
import { createFakeProvider, fakeScreenplay } from '../testing/fake-provider.js';
import { defaultMovieSettings } from './default-movie-settings.js';
import { planStages } from './plan-stages.js';
import type { Stage } from './v1/index.js';

const screenplay = parseScreenplay(fakeScreenplay('One.\n\nTwo.'));
const context = { movieId: 'm', input: { script: 'One.\n\nTwo.' }, settings: defaultMovieSettings, screenplay, results: new Map() };

function defaultPipeline() {
  const provider = createFakeProvider();
  return createDefaultPipeline({
    models: { writer: provider.textModel(), image: provider.imageModel(), video: provider.videoModel(), speech: provider.speechModel() },
    postProduction: createFakePostProduction(),
  });
}

/** A user's clip stage under its own name and key scheme, declaring what it makes. */
const myClips: Stage = {
  specificationVersion: 'v1',
  name: 'my-clips',
  plan: ({ screenplay: known, producerOf }) =>
    (known?.scenes ?? []).flatMap((scene) =>
      scene.shots.map((shot) => ({
        key: `clip-of-${scene.id}-${shot.id}`,
        stage: 'my-clips',
        lane: 'mine',
        input: {},
        inputHash: 'h',
        dependsOn: [producerOf({ kind: 'screenplay' })!],
        produces: { kind: 'clip', sceneId: scene.id, shotId: shot.id },
      })),
    ),
  run: async () => ({ outputs: [], costUsd: 0 }),
};

describe('planStages', () => {
  it('the edit finds a replacement clip stage by what it makes, whatever its name', () => {
    const planned = planStages(defaultPipeline().without('videos').then(myClips).stages, context);
    const edit = [...planned.values()].find((spec) => spec.produces?.kind === 'film')!;
    expect(edit.dependsOn).toEqual(expect.arrayContaining(['clip-of-scene_1-shot_1', 'clip-of-scene_2-shot_1']));
    expect(edit.dependsOn.some((key) => key.startsWith('video:'))).toBe(false);
    expect(edit.input).toMatchObject({ clips: { 'scene_1:shot_1': 'clip-of-scene_1-shot_1' } });
  });

  it('keyframes and clips find character sheets and frames through producerOf', () => {
    const planned = planStages(defaultPipeline().stages, context);
    const video = planned.get('video:scene_1:shot_1')!;
    expect(video.dependsOn).toEqual(expect.arrayContaining(['screenplay', 'keyframe:scene_1:shot_1:first_frame', 'character:char_1:front']));
    expect(planned.get('keyframe:scene_1:shot_1:first_frame')!.dependsOn).toContain('character:char_1:side');
  });

  it('a keyframe with no character to refer to is drawn by the character model when the keyframe model edits references', () => {
    const sheets = createFakeProvider({ name: 'sheets' });
    const editor = createFakeProvider({ name: 'editor', imageCapabilities: { requiresReferenceImage: true, maxReferenceImages: 4 } });
    const pipeline = createDefaultPipeline({
      models: { writer: sheets.textModel(), characters: sheets.imageModel(), keyframes: editor.imageModel(), video: sheets.videoModel(), speech: sheets.speechModel() },
      postProduction: createFakePostProduction(),
    });
    const empty = parseScreenplay({ ...fakeScreenplay('One.'), scenes: [{ ...fakeScreenplay('One.').scenes[0]!, characters: [], shots: [{ ...fakeScreenplay('One.').scenes[0]!.shots[0]!, characters: [] }] }] });
    const planned = planStages(pipeline.stages, { ...context, screenplay: empty });
    expect(planned.get('keyframe:scene_1:shot_1:first_frame')).toMatchObject({ lane: 'sheets', dependsOn: ['screenplay'] });
    const withCharacters = planStages(pipeline.stages, context);
    expect(withCharacters.get('keyframe:scene_1:shot_1:first_frame')!.lane).toBe('editor');
  });

  it('refuses two jobs that claim the same artifact', () => {
    const planned = () => planStages([...defaultPipeline().stages, myClips], context);
    expect(planned).toThrow(/both declare they make/);
  });

  it('a stage without a known specificationVersion is refused when the config is resolved', async () => {
    const { validateConfig } = await import('../config/load-config.js');
    const { specificationVersion: _omitted, ...unversioned } = myClips;
    const error = (() => {
      try {
        validateConfig({ stages: [false, [unversioned]] }, 'cinema.config.ts');
      } catch (caught) {
        return caught;
      }
    })();
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/stages\.1\.0/);
    expect((error as Error).message).toMatch(/a stage speaks specification undefined/);
  });
});

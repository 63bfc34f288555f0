import { readFileSync } from 'node:fs';
import { CinemaError, screenplaySchema } from '@cinema/core';
import { describe, expect, it } from 'vitest';
import { createAnimatic } from './animatic-provider.js';

const lighthouse = readFileSync(new URL('../../../examples/scripts/the-lighthouse.fountain', import.meta.url), 'utf8');
const writer = createAnimatic().textModel();
const call = (schemaName: string, prompt: string) => writer.doGenerate({ schemaName, prompt, system: 'ignored', jsonSchema: {}, idempotencyKey: 'key' });

describe('AnimaticTextModel', () => {
  it('writes a valid screenplay for free', async () => {
    const result = await call('screenplay', lighthouse);
    expect(result.costUsd).toBe(0);
    const screenplay = screenplaySchema.parse(result.object);
    expect(screenplay.scenes).toHaveLength(4);
    expect(writer.estimateCost()).toBe(0);
    expect(writer).toMatchObject({ specificationVersion: 'v1', provider: 'animatic', modelId: 'writer' });
  });

  it('fills every visual prompt and keeps ones already written', async () => {
    const screenplay = screenplaySchema.parse((await call('screenplay', lighthouse)).object);
    screenplay.scenes[0]!.shots[0]!.visualPrompt = 'My own prompt.';
    const enhanced = screenplaySchema.parse((await call('screenplay-enhancement', JSON.stringify(screenplay))).object);
    const shots = enhanced.scenes.flatMap((scene) => scene.shots);
    expect(shots.every((shot) => typeof shot.visualPrompt === 'string' && shot.visualPrompt.length > 0)).toBe(true);
    expect(shots[0]!.visualPrompt).toBe('My own prompt.');
    expect(enhanced.scenes[0]!.shots[1]!.visualPrompt).toBe(
      'MARA, a young keeper in a yellow raincoat, hauls a crate of lamp oil up the path. Setting: Rocky Coast, dusk. ' +
        'Camera: medium close-up on Mara, slow push-in. Characters: Mara (young keeper, yellow raincoat). ' +
        'Style: storyboard animatic, clean outlines, flat colours.',
    );
    const again = await call('screenplay-enhancement', JSON.stringify(screenplay));
    expect(JSON.stringify(again.object)).toBe(JSON.stringify(enhanced));
  });

  it('says what is wrong with a bad enhancement prompt or an unknown schema', async () => {
    await expect(call('screenplay-enhancement', 'not json')).rejects.toMatchObject({ category: 'input', message: expect.stringMatching(/not JSON/) });
    await expect(call('screenplay-enhancement', '{"title":"x","scenes":[]}')).rejects.toMatchObject({
      category: 'input',
      message: expect.stringMatching(/field "scenes": a screenplay needs at least one scene/),
    });
    const error = await call('poem', 'x').catch((caught: unknown) => caught);
    expect(CinemaError.isInstance(error)).toBe(true);
    expect((error as CinemaError).message).toMatch(/cannot produce "poem"/);
  });
});

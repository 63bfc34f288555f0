import { screenplaySchema } from '@cinema/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { enhanceScreenplay, sampleFromSchema, screenplayFromPrompt } from './default-responses.js';

describe('screenplayFromPrompt', () => {
  it('makes a valid screenplay from any text', () => {
    for (const prompt of ['', 'Just one line.', 'Title: Night Train\nA train crosses the desert.', 'EXT. BEACH - DAY\n\nINT. CAR - NIGHT\nJO: Drive.\nSAM\n(whispering)\nWhere to?']) {
      const result = screenplaySchema.safeParse(screenplayFromPrompt(prompt));
      expect(result.success, `${prompt}: ${result.error?.message}`).toBe(true);
    }
  });

  it('reads scenes, speakers and dialogue from a script', () => {
    const screenplay = screenplaySchema.parse(screenplayFromPrompt('Title: Night Train\nINT. CAR - NIGHT\nThe car idles.\nJO: Drive.\nSAM (whispering)\nWhere to?'));
    expect(screenplay.title).toBe('Night Train');
    expect(screenplay.scenes[0]).toMatchObject({ location: 'CAR', timeOfDay: 'NIGHT', characters: ['char_1', 'char_2'] });
    expect(screenplay.scenes[0]!.shots[0]!.dialogue).toEqual([
      { speaker: 'char_1', text: 'Drive.' },
      { speaker: 'char_2', text: 'Where to?', parenthetical: 'whispering' },
    ]);
  });

  it('enhances a draft by adding visual prompts, keeping it valid', () => {
    const draft = screenplayFromPrompt('INT. CAR - NIGHT\nThe car idles.');
    const enhanced = screenplaySchema.parse(enhanceScreenplay(draft));
    expect(enhanced.scenes[0]!.shots[0]!.visualPrompt).toContain('The car idles.');
  });
});

describe('sampleFromSchema', () => {
  it('makes a value that satisfies a zod-derived schema', () => {
    const schema = z.object({
      id: z.string().regex(/^shot_\d+$/),
      kind: z.enum(['wide', 'close']),
      seconds: z.number().positive(),
      tags: z.array(z.string()).min(2),
      note: z.string().optional(),
      nested: z.object({ ok: z.boolean() }),
    });
    const value = sampleFromSchema(z.toJSONSchema(schema));
    expect(schema.safeParse(value).success).toBe(true);
  });
});

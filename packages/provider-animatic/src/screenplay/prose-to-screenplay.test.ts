import { readFileSync } from 'node:fs';
import { screenplaySchema } from '@cinema/core';
import { describe, expect, it } from 'vitest';
import { isHeading, placeIn, proseToScreenplay, timeOfDayIn } from './prose-to-screenplay.js';
import { scriptToScreenplay } from './script-to-screenplay.js';
import { splitSentences } from './text-tools.js';

const market = readFileSync(new URL('../../../../examples/scripts/morning-market.txt', import.meta.url), 'utf8');

describe('proseToScreenplay', () => {
  it('reads morning-market.txt: a scene per paragraph, a shot per sentence, quotes as dialogue', () => {
    const screenplay = screenplaySchema.parse(proseToScreenplay(market));
    expect(screenplay.title).toBe('Morning Market');
    expect(screenplay.characters.map(({ id, name, description, visualTraits }) => ({ id, name, description, visualTraits }))).toEqual([
      { id: 'char_1', name: 'Ana', description: 'the baker', visualTraits: ['baker'] },
      { id: 'char_2', name: 'Marco', description: 'a boy with a red scarf', visualTraits: ['boy', 'red scarf'] },
      { id: 'char_3', name: 'Rosa', description: 'the flower seller', visualTraits: ['flower seller'] },
    ]);
    expect(screenplay.scenes.map((scene) => [scene.id, scene.heading, scene.location, scene.timeOfDay, scene.characters])).toEqual([
      ['scene_1', 'MARKET SQUARE - DAWN', 'Market Square', 'DAWN', ['char_1']],
      ['scene_2', 'MARKET SQUARE - DAWN', 'Market Square', 'DAWN', ['char_2']],
      ['scene_3', 'MARKET SQUARE - DAWN', 'Market Square', 'DAWN', ['char_1']],
      ['scene_4', 'MARKET SQUARE - NOON', 'Market Square', 'NOON', ['char_2', 'char_3']],
    ]);
    const shots = screenplay.scenes.map((scene) => scene.shots.map((shot) => [shot.description, shot.dialogue.map((line) => `${line.speaker}: ${line.text}`), shot.durationSeconds]));
    expect(shots).toEqual([
      [
        ['The market square wakes at dawn.', [], 2.5],
        ['Ana, the baker, stacks warm loaves on her stall while the fishmongers shout over the ice.', ['char_1: Fresh bread, still warm!'], 7.5],
      ],
      [
        ['Marco, a boy with a red scarf, weaves between the carts with a coin in his fist.', [], 5.5],
        ['He stops in front of the bread stall and counts the loaves twice.', ['char_2: Is one coin enough for the small one?'], 8],
      ],
      [['Ana laughs and wraps the biggest loaf in brown paper.', ['char_1: On the house, if you carry these crates to the fountain for me.'], 9.5]],
      [
        ['By noon the square is full.', [], 2.5],
        ['Old Rosa, the flower seller, watches from under her striped umbrella as Marco staggers past with the crates.', ['char_3: That boy will run this market one day.'], 9.5],
      ],
    ]);
  });

  it('uses headings as scenes and names speakers next to a speech verb', () => {
    const screenplay = screenplaySchema.parse(
      proseToScreenplay(['The Long Night', '', '# The Harbour at Night', '', 'Waves slap the pier. Dr. Okafor checks her watch.', '', '"Where is the ferry?" Dr. Okafor asks the guard, who shrugs and points into the fog with his lantern.'].join('\n')),
    );
    expect(screenplay.title).toBe('The Long Night');
    expect(screenplay.scenes).toHaveLength(1);
    expect(screenplay.scenes[0]).toMatchObject({ heading: 'The Harbour at Night', location: 'The Harbour At Night', timeOfDay: 'NIGHT' });
    expect(screenplay.characters.map((character) => character.name)).toEqual(['Dr. Okafor']);
    expect(screenplay.scenes[0]!.shots.map((shot) => shot.description)).toEqual([
      'Waves slap the pier.',
      'Dr. Okafor checks her watch.',
      'Dr. Okafor asks the guard, who shrugs and points into the fog with his lantern.',
    ]);
    expect(screenplay.scenes[0]!.shots[2]!.dialogue).toEqual([{ speaker: 'char_1', text: 'Where is the ferry?' }]);
  });

  it('keeps quotes nobody says in the action', () => {
    const screenplay = screenplaySchema.parse(proseToScreenplay('A sign reads "closed forever" in red paint.'));
    expect(screenplay.characters).toEqual([]);
    expect(screenplay.scenes[0]!.shots[0]!.description).toBe('A sign reads "closed forever" in red paint.');
  });

  it('goes through scriptToScreenplay as prose', () => {
    expect(scriptToScreenplay(market).scenes).toHaveLength(4);
  });
});

describe('prose helpers', () => {
  it('splits sentences but not inside quotes, after abbreviations or before attributions', () => {
    expect(splitSentences('Mr. Smith waits. "Go! Now!" she says. Then silence… It rains.')).toEqual(['Mr. Smith waits.', '"Go! Now!" she says.', 'Then silence…', 'It rains.']);
    expect(splitSentences('"Stop." Ana turns.')).toEqual(['"Stop."', 'Ana turns.']);
  });

  it('finds headings, places and times', () => {
    expect(isHeading('Morning Market')).toBe(true);
    expect(isHeading('The market square wakes at dawn.')).toBe(false);
    expect(placeIn('Later, in the old lighthouse, a lamp burns.')).toBe('Old Lighthouse');
    expect(placeIn('She waits in the morning light.')).toBeUndefined();
    expect(timeOfDayIn('At sunset the boats return')).toBe('DUSK');
    expect(timeOfDayIn('A quiet room')).toBeUndefined();
  });
});

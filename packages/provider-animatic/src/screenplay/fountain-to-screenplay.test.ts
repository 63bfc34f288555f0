import { readFileSync } from 'node:fs';
import { CinemaError, screenplaySchema } from '@cinema/core';
import { describe, expect, it } from 'vitest';
import { characterNameFromCue, fountainToScreenplay, hasCharacterCues, looksLikeFountain, parseSceneHeading, transitionFor } from './fountain-to-screenplay.js';
import { scriptToScreenplay } from './script-to-screenplay.js';

const lighthouse = readFileSync(new URL('../../../../examples/scripts/the-lighthouse.fountain', import.meta.url), 'utf8');
const market = readFileSync(new URL('../../../../examples/scripts/morning-market.txt', import.meta.url), 'utf8');

describe('fountainToScreenplay', () => {
  it('reads the-lighthouse.fountain into the exact screenplay', () => {
    const screenplay = screenplaySchema.parse(fountainToScreenplay(lighthouse));
    expect(screenplay.title).toBe('The Lighthouse');
    expect(screenplay.characters).toEqual([
      { id: 'char_1', name: 'Mara', description: 'a young keeper in a yellow raincoat', visualTraits: ['young keeper', 'yellow raincoat'], voice: 'en-us+f3 pitch=62 speed=165' },
      { id: 'char_2', name: 'Tomas', description: 'grey-bearded', visualTraits: ['grey-bearded'], voice: 'en-us+m3 pitch=38 speed=150' },
      { id: 'char_3', name: 'Jonas', description: 'a fisherman in a torn jacket', visualTraits: ['fisherman', 'torn jacket'], voice: 'en-us+m1 pitch=50 speed=170' },
    ]);
    expect(screenplay.scenes.map(({ id, heading, location, timeOfDay, characters }) => ({ id, heading, location, timeOfDay, characters }))).toEqual([
      { id: 'scene_1', heading: 'EXT. ROCKY COAST - DUSK', location: 'Rocky Coast', timeOfDay: 'DUSK', characters: ['char_1'] },
      { id: 'scene_2', heading: 'INT. LIGHTHOUSE STAIRWELL - NIGHT', location: 'Lighthouse Stairwell', timeOfDay: 'NIGHT', characters: ['char_1', 'char_2'] },
      { id: 'scene_3', heading: 'INT. LAMP ROOM - NIGHT', location: 'Lamp Room', timeOfDay: 'NIGHT', characters: ['char_1', 'char_2'] },
      { id: 'scene_4', heading: 'EXT. FISHING BOAT - NIGHT', location: 'Fishing Boat', timeOfDay: 'NIGHT', characters: ['char_3'] },
    ]);
    const [coast, stairwell, lampRoom, boat] = screenplay.scenes;
    expect(coast!.shots).toEqual([
      {
        id: 'shot_1',
        description: 'Storm clouds gather over a grey sea. A white LIGHTHOUSE stands alone on the rocks.',
        camera: 'wide establishing shot, slow pan right',
        durationSeconds: 5,
        characters: [],
        dialogue: [],
        transition: 'cut',
      },
      {
        id: 'shot_2',
        description: 'MARA, a young keeper in a yellow raincoat, hauls a crate of lamp oil up the path.',
        camera: 'medium close-up on Mara, slow push-in',
        durationSeconds: 8.5,
        characters: ['char_1'],
        dialogue: [{ speaker: 'char_1', parenthetical: 'breathless', text: 'Twenty more steps. Then the lamp.' }],
        transition: 'cut',
      },
    ]);
    expect(stairwell!.shots).toEqual([
      {
        id: 'shot_1',
        description: 'An iron staircase spirals upward. OLD TOMAS, grey-bearded, waits on a landing with a lantern.',
        camera: 'wide establishing shot, slow pan right',
        durationSeconds: 14.5,
        characters: ['char_1', 'char_2'],
        dialogue: [
          { speaker: 'char_2', text: "You're late. The ships are already out." },
          { speaker: 'char_1', parenthetical: 'setting the crate down', text: 'The path washed out at the second bend.' },
          { speaker: 'char_2', text: 'Then we climb faster.' },
        ],
        transition: 'crossfade',
      },
    ]);
    expect(lampRoom!.shots.map((shot) => [shot.description, shot.camera, shot.durationSeconds, shot.dialogue, shot.transition])).toEqual([
      ['The great lens turns, dark and still. Rain lashes the glass.', 'wide establishing shot, slow pan right', 4, [], 'cut'],
      [
        'Mara pours the oil. Tomas strikes a match.',
        'two-shot, static',
        5,
        [
          { speaker: 'char_1', text: 'Now!' },
          { speaker: 'char_2', text: 'Now!' },
        ],
        'cut',
      ],
      ['The lamp flares. A beam of light sweeps across the sea.', 'wide shot, slow pan left', 4, [], 'cut'],
    ]);
    expect(boat!.shots.map((shot) => [shot.id, shot.durationSeconds, shot.characters, shot.dialogue, shot.transition])).toEqual([
      ['shot_1', 5, ['char_3'], [], 'cut'],
      ['shot_2', 6, ['char_3'], [{ speaker: 'char_3', parenthetical: 'shouting over the wind', text: 'There! The light is lit!' }], 'fade_to_black'],
    ]);
  });

  it('leaves out notes and the boneyard', () => {
    const text = JSON.stringify(fountainToScreenplay(lighthouse));
    expect(text).not.toContain('Wind sound');
    expect(text).not.toContain('TOWN HALL');
    expect(text).not.toContain('MAYOR');
  });

  it('gives the same screenplay every time', () => {
    expect(JSON.stringify(fountainToScreenplay(lighthouse))).toBe(JSON.stringify(fountainToScreenplay(lighthouse)));
  });

  it('strips inline markup, cue extensions and inherits the time for CONTINUOUS', () => {
    const screenplay = screenplaySchema.parse(
      fountainToScreenplay(
        [
          'INT. KITCHEN - MORNING',
          '',
          'ANNA *slams* the door [[loudly]].',
          '',
          'ANNA (V.O.)',
          'I told you _twice_.',
          '(beat)',
          'Three times.',
          '',
          'EXT. GARDEN - CONTINUOUS',
          '',
          '@McKAY',
          'Hello?',
          '',
          'SMASH CUT TO:',
          '',
          '.FLASHBACK',
          '',
          'Rain.',
        ].join('\n'),
      ),
    );
    expect(screenplay.title).toBe('Untitled');
    expect(screenplay.characters.map((character) => character.name)).toEqual(['Anna', 'Mckay']);
    const [kitchen, garden, flashback] = screenplay.scenes;
    expect(kitchen!.shots[0]!.description).toBe('ANNA slams the door.');
    expect(kitchen!.shots[0]!.dialogue).toEqual([
      { speaker: 'char_1', text: 'I told you twice.' },
      { speaker: 'char_1', parenthetical: 'beat', text: 'Three times.' },
    ]);
    expect(garden!.timeOfDay).toBe('MORNING');
    expect(garden!.shots[0]!.description).toBe('Mckay speaks.');
    expect(garden!.shots[0]!.transition).toBe('cut');
    expect(flashback!).toMatchObject({ heading: 'FLASHBACK', location: 'Flashback', timeOfDay: 'MORNING' });
  });

  it('continues long dialogue in a new shot past 30 seconds', () => {
    const line = 'word '.repeat(40).trim();
    const script = ['INT. HALL - DAY', '', 'BEN', line, '', 'BEN', line, '', 'BEN', line].join('\n');
    const shots = screenplaySchema.parse(fountainToScreenplay(script)).scenes[0]!.shots;
    expect(shots.map((shot) => [shot.description, shot.dialogue.length])).toEqual([
      ['Ben speaks.', 1],
      ['Ben continues.', 1],
      ['Ben continues.', 1],
    ]);
    expect(shots.every((shot) => shot.durationSeconds <= 30)).toBe(true);
  });
});

describe('a Fountain script without scene headings', () => {
  const harbour = [
    'The harbour is quiet at dawn. MARA, a keeper in a yellow raincoat, waits on the pier.',
    '',
    'MARA',
    '(calling out)',
    'Tomas! The boat is late.',
    '',
    'TOMAS (O.S.)',
    'I know. The fog came in.',
    '',
    'MARA',
    'Then we light the lamp.',
    '',
  ].join('\n');

  it('reads its cues as cues: both characters and their lines, in one opening scene', () => {
    const screenplay = scriptToScreenplay(harbour);
    expect(screenplay.characters.map(({ id, name, description }) => ({ id, name, description }))).toEqual([
      { id: 'char_1', name: 'Mara', description: 'a keeper in a yellow raincoat' },
      { id: 'char_2', name: 'Tomas', description: '' },
    ]);
    expect(screenplay.scenes).toHaveLength(1);
    expect(screenplay.scenes[0]).toMatchObject({ heading: 'OPENING', location: 'Unspecified Place', timeOfDay: 'DAWN', characters: ['char_1', 'char_2'] });
    expect(screenplay.scenes[0]!.shots.map((shot) => [shot.description, shot.dialogue])).toEqual([
      [
        'The harbour is quiet at dawn. MARA, a keeper in a yellow raincoat, waits on the pier.',
        [
          { speaker: 'char_1', parenthetical: 'calling out', text: 'Tomas! The boat is late.' },
          { speaker: 'char_2', text: 'I know. The fog came in.' },
          { speaker: 'char_1', text: 'Then we light the lamp.' },
        ],
      ],
    ]);
  });

  it('starts with a cue: the first lines make the first shot, in the day', () => {
    const screenplay = scriptToScreenplay('ANA\nIs anyone there?\n\nMARCO\nUp here, by the bell.\n');
    expect(screenplay.characters.map((character) => character.name)).toEqual(['Ana', 'Marco']);
    expect(screenplay.scenes[0]).toMatchObject({ heading: 'OPENING', timeOfDay: 'DAY' });
    expect(screenplay.scenes[0]!.shots.map((shot) => [shot.description, shot.dialogue.map((line) => `${line.speaker}: ${line.text}`)])).toEqual([
      ['Ana and Marco speak.', ['char_1: Is anyone there?', 'char_2: Up here, by the bell.']],
    ]);
  });

  it('knows cues from prose that only looks like them', () => {
    expect(hasCharacterCues(harbour)).toBe(true);
    expect(hasCharacterCues('@McKAY\nHello?')).toBe(true);
    expect(hasCharacterCues('MARA (V.O.)\nThe sea took him.')).toBe(true);
    expect(hasCharacterCues('BEN\n(quietly)\nStay.')).toBe(true);
    for (const prose of [
      'The market square wakes at dawn. Ana sells bread.',
      // One capitalised heading with its text under it is a heading, not a cue.
      'THE MARKET\nAna sells bread at dawn.',
      'CHAPTER ONE\nThe fog came in.\n\nCHAPTER TWO\nThe boat was late.',
      'THE LIGHTHOUSE\nBY A. WRITER\n\nThe sea is grey.',
      'A sign on the door says\nCLOSED\nin red paint.\n\nNobody comes.',
      'FADE OUT.\nThe end.\n\nTHE END\nThanks for reading.',
    ]) {
      expect(hasCharacterCues(prose), prose).toBe(false);
      expect(looksLikeFountain(prose), prose).toBe(false);
    }
  });

  it('leaves prose without cues to the prose reader', () => {
    const screenplay = scriptToScreenplay('At dawn, Ana sells bread in the market square.\n\nMARCO\nwaits by the fountain.');
    expect(screenplay.characters).toEqual([]);
    expect(screenplay.scenes.map((scene) => [scene.heading, scene.shots.map((shot) => shot.description)])).toEqual([
      ['MARKET SQUARE - DAWN', ['At dawn, Ana sells bread in the market square.']],
      ['FOUNTAIN - DAWN', ['MARCO waits by the fountain.']],
    ]);
    expect(scriptToScreenplay(market).characters.map((character) => character.name)).toEqual(['Ana', 'Marco', 'Rosa']);
  });
});

describe('Fountain helpers', () => {
  it('reads scene headings', () => {
    expect(parseSceneHeading('EXT. ROCKY COAST - DUSK')).toEqual({ location: 'Rocky Coast', timeOfDay: 'DUSK' });
    expect(parseSceneHeading('INT./EXT. CAR - NIGHT')).toEqual({ location: 'Car', timeOfDay: 'NIGHT' });
    expect(parseSceneHeading('INT. HOUSE - KITCHEN - DAY #12#')).toEqual({ location: 'House - Kitchen', timeOfDay: 'DAY' });
    expect(parseSceneHeading('EXT. FIELD')).toEqual({ location: 'Field', timeOfDay: undefined });
  });

  it('maps transitions', () => {
    expect(transitionFor('CUT TO:')).toBe('cut');
    expect(transitionFor('SMASH CUT TO:')).toBe('cut');
    expect(transitionFor('DISSOLVE TO:')).toBe('crossfade');
    expect(transitionFor('FADE OUT.')).toBe('fade_to_black');
    expect(transitionFor('FADE TO BLACK.')).toBe('fade_to_black');
    expect(transitionFor('FADE IN:')).toBeUndefined();
  });

  it('cleans character cues', () => {
    expect(characterNameFromCue('MARA (V.O.)')).toBe('Mara');
    expect(characterNameFromCue("TOMAS (CONT'D) ^")).toBe('Tomas');
    expect(characterNameFromCue('@McCLANE')).toBe('Mcclane');
  });

  it('tells Fountain from prose', () => {
    expect(looksLikeFountain(lighthouse)).toBe(true);
    expect(looksLikeFountain('INT. ROOM - DAY\n\nA chair.')).toBe(true);
    expect(looksLikeFountain('The market wakes at dawn. Ana sells bread.')).toBe(false);
  });
});

describe('scriptToScreenplay errors', () => {
  for (const [name, script] of [
    ['an empty script', ''],
    ['a blank script', '  \n\n  \n'],
    ['a title page alone', 'Title: Nothing Here\nAuthor: Nobody\n'],
    ['a heading alone', 'INT. EMPTY ROOM - DAY\n'],
    ['a prose heading alone', 'Morning Market'],
  ] as const) {
    it(`rejects ${name} with an input error`, () => {
      let caught: unknown;
      try {
        scriptToScreenplay(script);
      } catch (error) {
        caught = error;
      }
      expect(CinemaError.isInstance(caught)).toBe(true);
      expect((caught as CinemaError).category).toBe('input');
      expect((caught as CinemaError).message).toMatch(/^The script has no scenes/);
    });
  }
});

import { describe, expect, it } from 'vitest';
import { assignSceneIds } from './scene-ids.js';
import { splitScript } from './script-units.js';

const fountain = `Title: The Lighthouse
Author: Someone

/* An earlier opening:
INT. TOWN HALL - DAY
*/

EXT. ROCKY COAST - DUSK

Storm clouds gather. [[a note]]

MARA
Tonight.

INT. LAMP ROOM - NIGHT

The lens turns.
`;

describe('splitScript', () => {
  it('splits Fountain at scene headings, keeps the title page apart and leaves out the boneyard and notes', () => {
    const split = splitScript(fountain);
    expect(split.format).toBe('fountain');
    expect(split.titlePage).toBe('Title: The Lighthouse\nAuthor: Someone');
    expect(split.units.map((unit) => unit.heading)).toEqual(['EXT. ROCKY COAST - DUSK', 'INT. LAMP ROOM - NIGHT']);
    expect(split.units[0]!.text).not.toContain('note');
  });

  it('a reflowed paragraph keeps its hash; a changed word does not', () => {
    const [a] = splitScript(fountain).units;
    const [b] = splitScript(fountain.replace('Storm clouds gather.', 'Storm   clouds\ngather.')).units;
    const [c] = splitScript(fountain.replace('Storm clouds gather.', 'Storm clouds break.')).units;
    expect(b!.hash).toBe(a!.hash);
    expect(c!.hash).not.toBe(a!.hash);
  });

  it('splits prose by paragraphs, a heading holding the paragraphs up to the next', () => {
    const split = splitScript('Morning Market\n\nAna opens her stall.\n\n# The Bakery\n\nBread cools.\n\nA cat waits.\n\nRain starts.');
    expect(split).toMatchObject({ format: 'prose', titlePage: 'Morning Market' });
    expect(split.units.map((unit) => unit.text)).toEqual(['Ana opens her stall.', '# The Bakery\n\nBread cools.\n\nA cat waits.\n\nRain starts.']);
  });
});

describe('assignSceneIds', () => {
  const known = ['a', 'b', 'c', 'd'].map((hash, index) => ({ id: `scene_${index + 1}`, hash, heading: `H${hash}` }));
  const units = (...hashes: string[]) => hashes.map((hash) => ({ hash, heading: `H${hash}` }));

  it('keeps ids for unchanged scenes, and for a scene edited in place', () => {
    expect(assignSceneIds(units('a', 'b', 'c', 'd'), known)).toEqual(['scene_1', 'scene_2', 'scene_3', 'scene_4']);
    expect(assignSceneIds([...units('a', 'b'), { hash: 'c2', heading: 'Hc' }, ...units('d')], known)).toEqual(['scene_1', 'scene_2', 'scene_3', 'scene_4']);
    expect(assignSceneIds([...units('a'), { hash: 'b2', heading: 'changed heading' }, ...units('c', 'd')], known)).toEqual(['scene_1', 'scene_2', 'scene_3', 'scene_4']);
  });

  it('gives an inserted scene a new number and never reuses a removed one', () => {
    expect(assignSceneIds(units('a', 'b', 'new', 'c', 'd'), known)).toEqual(['scene_1', 'scene_2', 'scene_5', 'scene_3', 'scene_4']);
    expect(assignSceneIds(units('a', 'c', 'd'), known)).toEqual(['scene_1', 'scene_3', 'scene_4']);
    expect(assignSceneIds(units('a', 'c', 'd', 'e'), known)).toEqual(['scene_1', 'scene_3', 'scene_4', 'scene_5']);
  });

  it('gives a scene put back word for word the id it had before it was cut', () => {
    expect(assignSceneIds(units('a', 'b', 'c', 'd'), known.filter((scene) => scene.id !== 'scene_3'), [{ id: 'scene_3', hash: 'c', heading: 'Hc' }])).toEqual(['scene_1', 'scene_2', 'scene_3', 'scene_4']);
    expect(assignSceneIds(units('a', 'b', 'x', 'd'), known.filter((scene) => scene.id !== 'scene_3'), [{ id: 'scene_3', hash: 'c', heading: 'Hc' }])).toEqual(['scene_1', 'scene_2', 'scene_5', 'scene_4']);
  });

  it('numbers a first version in order', () => {
    expect(assignSceneIds(units('x', 'y'), [])).toEqual(['scene_1', 'scene_2']);
  });
});

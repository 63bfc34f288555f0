import type { Character, Scene, Screenplay, Shot } from '../screenplay/screenplay-schema.js';
import type { ShotContext } from '../provider/v1/index.js';
import type { CharacterView, KeyframeKind } from './job-keys.js';

export const sceneWriterSystemPrompt = [
  'You are a screenwriter and director of photography. You get one scene of a script (after a short header',
  'saying its format and the heading of the scene before). Turn it into a shot list that matches the JSON',
  'schema exactly: its heading, location and time of day; everyone who appears, by name, with a visual',
  'description and traits that keep their look identical across shots; and its shots in order, each with',
  'the camera, a duration in seconds that leaves time for its dialogue, the names of the visible characters',
  'and every line of dialogue of the scene, attributed by name. Write only this scene.',
].join(' ');

export const overviewSystemPrompt = [
  'You are a film producer. You get a script. Give its title (the title page, else a fitting short title),',
  'a one-sentence logline, and a visual style for the whole film (palette, lighting, lens, era) in a phrase.',
].join(' ');

export const enhancerSystemPrompt = [
  'You are a director of photography. You get one scene as JSON. Return the same scene, unchanged, except',
  'that every shot gets a visualPrompt: one rich paragraph for an image model describing framing, lighting,',
  'colour, the set and each visible character by their visual traits.',
].join(' ');

const viewWords: Record<CharacterView, string> = {
  front: 'front view, facing the camera, head and shoulders',
  side: 'side profile view, looking left',
  full_body: 'full body view, standing, head to toe',
};

function describeCharacter(character: Character): string {
  const traits = character.visualTraits.length > 0 ? ` (${character.visualTraits.join(', ')})` : '';
  return `${character.name}${traits}${character.description ? `: ${character.description}` : ''}`;
}

export function characterContext(characters: Character[]): ShotContext['characters'] {
  return characters.map((character) => ({ id: character.id, name: character.name, traits: character.visualTraits }));
}

export function characterSheetPrompt(screenplay: Screenplay, character: Character, view: CharacterView): string {
  return [
    `Character reference sheet, ${viewWords[view]}, plain neutral background.`,
    describeCharacter(character) + '.',
    screenplay.visualStyle && `Style: ${screenplay.visualStyle}.`,
  ]
    .filter(Boolean)
    .join(' ');
}

export function shotCharacters(screenplay: Screenplay, scene: Scene, shot: Shot): Character[] {
  const ids = shot.characters ?? scene.characters;
  return ids.map((id) => screenplay.characters.find((character) => character.id === id)).filter((character): character is Character => !!character);
}

const frameWords: Record<KeyframeKind, string> = {
  first_frame: 'Opening frame of the shot.',
  last_frame: 'Closing frame of the shot, after the action.',
  transition_frame: 'The frame where this shot hands over to the next one.',
};

export function keyframePrompt(screenplay: Screenplay, scene: Scene, shot: Shot, frame: KeyframeKind): string {
  const characters = shotCharacters(screenplay, scene, shot);
  return [
    frameWords[frame],
    shot.visualPrompt ?? shot.description,
    `Location: ${scene.location}, ${scene.timeOfDay.toLowerCase()}.`,
    `Camera: ${shot.camera}.`,
    characters.length > 0 && `Characters (match the reference images): ${characters.map(describeCharacter).join('; ')}.`,
    screenplay.visualStyle && `Style: ${screenplay.visualStyle}.`,
  ]
    .filter(Boolean)
    .join(' ');
}

export function videoPrompt(screenplay: Screenplay, scene: Scene, shot: Shot): string {
  return [shot.visualPrompt ?? shot.description, `Camera: ${shot.camera}.`, `Location: ${scene.location}, ${scene.timeOfDay.toLowerCase()}.`, screenplay.visualStyle && `Style: ${screenplay.visualStyle}.`]
    .filter(Boolean)
    .join(' ');
}

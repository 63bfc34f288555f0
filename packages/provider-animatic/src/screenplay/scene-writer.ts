import { readSceneWriterPrompt, screenplaySchema, type SceneDraftInput, type Screenplay } from '@cinema/core';
import { enhanceScreenplay } from './enhance-screenplay.js';
import { fountainToScreenplay } from './fountain-to-screenplay.js';
import { proseToScreenplay } from './prose-to-screenplay.js';

const unknownPlace = 'Unspecified Place';

/** `EXT. HARBOUR - DUSK` → place `Harbour`, time `DUSK`, as the Fountain reader would read it. */
function placeAndTime(heading: string): { location: string; timeOfDay: string } | undefined {
  const parsed = screenplaySchema.safeParse(fountainToScreenplay(`${heading}\n\nSomething happens.`));
  const scene = parsed.success ? parsed.data.scenes[0] : undefined;
  return scene && { location: scene.location, timeOfDay: scene.timeOfDay };
}

/** A screenplay of one unit as a scene draft: one scene, characters and speakers by name. */
export function toSceneDraft(screenplay: Screenplay, previousHeading?: string): SceneDraftInput {
  const [first] = screenplay.scenes;
  const nameOf = (id: string) => screenplay.characters.find((character) => character.id === id)?.name ?? id;
  const used = new Set(screenplay.scenes.flatMap((scene) => [...scene.characters, ...scene.shots.flatMap((shot) => [...(shot.characters ?? []), ...shot.dialogue.map((line) => line.speaker)])]));
  let { location, timeOfDay } = first!;
  // A unit that names no place is where the scene before it was.
  if (location === unknownPlace && previousHeading) ({ location, timeOfDay } = placeAndTime(previousHeading) ?? { location, timeOfDay });
  return {
    heading: first!.heading,
    location,
    timeOfDay,
    characters: screenplay.characters
      .filter((character) => used.has(character.id))
      .map((character) => ({ name: character.name, description: character.description, visualTraits: character.visualTraits, ...(character.voice ? { voice: character.voice } : {}) })),
    shots: screenplay.scenes.flatMap((scene) =>
      scene.shots.map(({ id: _id, ...shot }) => ({
        ...shot,
        ...(shot.characters ? { characters: shot.characters.map(nameOf) } : {}),
        dialogue: shot.dialogue.map((line) => ({ ...line, speaker: nameOf(line.speaker) })),
      })),
    ),
  };
}

/**
 * The animatic's scene writer (`schemaName: 'screenplay-scene'`): reads one scene of a script by
 * the same rules as a whole one, in the format the script was found to be.
 */
export function writeScene(prompt: string): SceneDraftInput {
  const request = readSceneWriterPrompt(prompt);
  const draft = request.format === 'fountain' ? fountainToScreenplay(request.text) : proseToScreenplay(request.text);
  const screenplay = screenplaySchema.parse(draft);
  return toSceneDraft(screenplay, request.previousHeading);
}

/** Visual prompts for one scene draft (`schemaName: 'screenplay-scene-enhancement'`). */
export function enhanceScene(draft: SceneDraftInput): SceneDraftInput {
  const characters = (draft.characters ?? []).map((character, index) => ({ id: `char_${index + 1}`, ...character }));
  const idOf = new Map(characters.map((character) => [character.name, character.id]));
  const screenplay = screenplaySchema.parse({
    title: 'scene',
    characters,
    scenes: [
      {
        id: 'scene_1',
        heading: draft.heading,
        location: draft.location,
        timeOfDay: draft.timeOfDay,
        characters: characters.map((character) => character.id),
        shots: draft.shots.map((shot, index) => ({
          ...shot,
          id: `shot_${index + 1}`,
          ...(shot.characters ? { characters: shot.characters.map((name) => idOf.get(name)).filter((id): id is string => id !== undefined) } : {}),
          dialogue: (shot.dialogue ?? []).filter((line) => idOf.has(line.speaker)).map((line) => ({ ...line, speaker: idOf.get(line.speaker)! })),
        })),
      },
    ],
  });
  const prompts = enhanceScreenplay(screenplay).scenes[0]!.shots.map((shot) => shot.visualPrompt);
  return { ...draft, shots: draft.shots.map((shot, index) => ({ ...shot, visualPrompt: shot.visualPrompt || prompts[index] })) };
}

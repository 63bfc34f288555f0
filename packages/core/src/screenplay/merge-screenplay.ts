import type { Character, Screenplay } from './screenplay-schema.js';
import { screenplaySchema } from './screenplay-schema.js';
import type { SceneDraft, ScreenplayOverview } from './scene-draft.js';

/** Who a character is across scenes: the name, without extensions or case (`MARA (V.O.)` is Mara). */
export function characterIdentity(name: string): string {
  return name.replace(/\(.*?\)/g, '').replace(/\^$/, '').replace(/^@/, '').trim().toUpperCase();
}

export interface MergeScreenplayInput {
  overview: ScreenplayOverview;
  /** The scenes in film order, with their ids. */
  scenes: readonly { id: string; draft: SceneDraft }[];
  /** The screenplay this one replaces: its characters keep their ids and voices. */
  previous?: Pick<Screenplay, 'characters'>;
  /** Voices the speech model offers, handed to new characters not yet voiced. Default: none. */
  voices?: readonly string[];
}

/**
 * The screenplay from its scenes: one cast across the film, each character as the first scene that
 * shows them describes them, with the id and voice they had before (new ones get the next id and a
 * voice nobody has), and every speaker and shot pointing at those ids. Shots are numbered within
 * their scene.
 */
export function mergeScreenplay({ overview, scenes, previous, voices = [] }: MergeScreenplayInput): Screenplay {
  const before = new Map((previous?.characters ?? []).map((character) => [characterIdentity(character.name), character]));
  let nextId = Math.max(0, ...(previous?.characters ?? []).map((character) => Number(/^char_(\d+)$/.exec(character.id)?.[1] ?? 0))) + 1;
  const cast = new Map<string, Character>();
  const usedVoices = new Set<string>();

  // Voices the earlier cast had stay theirs, even where a newcomer appears first in the film.
  const reserved = new Map<string, string>();
  for (const { draft } of scenes) {
    const names = [...draft.characters.map((character) => character.name), ...draft.shots.flatMap((shot) => [...shot.dialogue.map((line) => line.speaker), ...(shot.characters ?? [])])];
    for (const name of names) {
      const voice = before.get(characterIdentity(name))?.voice;
      if (voice !== undefined) reserved.set(voice, characterIdentity(name));
    }
  }
  const taken = (voice: string, identity: string) => usedVoices.has(voice) || (reserved.has(voice) && reserved.get(voice) !== identity);

  // A character is as the first scene that describes them says, wherever they first speak.
  const intros = new Map<string, SceneDraft['characters'][number]>();
  for (const { draft } of scenes) for (const character of draft.characters) if (!intros.has(characterIdentity(character.name))) intros.set(characterIdentity(character.name), character);

  const idOf = (name: string): string => {
    const identity = characterIdentity(name);
    const introduced = intros.get(identity);
    const known = cast.get(identity);
    if (known) return known.id;
    const earlier = before.get(identity);
    const id = earlier?.id ?? `char_${nextId++}`;
    const wanted = introduced?.voice;
    const voice =
      earlier?.voice ?? (wanted !== undefined && !taken(wanted, identity) ? wanted : (voices.find((candidate) => !taken(candidate, identity)) ?? wanted));
    if (voice !== undefined) usedVoices.add(voice);
    cast.set(identity, {
      id,
      name: introduced?.name.replace(/\(.*?\)/g, '').trim() || earlier?.name || name,
      description: introduced?.description ?? '',
      visualTraits: introduced?.visualTraits ?? [],
      ...(voice !== undefined ? { voice } : {}),
    });
    return id;
  };

  const merged = scenes.map(({ id, draft }) => {
    const sceneCharacters = new Set<string>();
    for (const character of draft.characters) sceneCharacters.add(idOf(character.name));
    const shots = draft.shots.map((shot, index) => {
      const dialogue = shot.dialogue.map((line) => {
        const speaker = idOf(line.speaker);
        sceneCharacters.add(speaker);
        return { speaker, text: line.text, ...(line.parenthetical ? { parenthetical: line.parenthetical } : {}) };
      });
      const visible = shot.characters?.map((name) => {
        const characterId = idOf(name);
        sceneCharacters.add(characterId);
        return characterId;
      });
      return {
        id: `shot_${index + 1}`,
        description: shot.description,
        camera: shot.camera,
        durationSeconds: shot.durationSeconds,
        ...(visible ? { characters: visible } : {}),
        dialogue,
        transition: shot.transition,
        ...(shot.visualPrompt ? { visualPrompt: shot.visualPrompt } : {}),
      };
    });
    return { id, heading: draft.heading, location: draft.location, timeOfDay: draft.timeOfDay, characters: [...sceneCharacters], shots };
  });

  return screenplaySchema.parse({
    version: 1,
    title: overview.title,
    logline: overview.logline,
    visualStyle: overview.visualStyle,
    characters: [...cast.values()].sort((a, b) => Number(a.id.slice(5)) - Number(b.id.slice(5))),
    scenes: merged,
  });
}

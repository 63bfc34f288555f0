import { InvalidInputError, screenplaySchema, type Screenplay } from '@cinema/core';

/** The style the animatic draws in, used when the screenplay names none. */
export const defaultVisualStyle = 'storyboard animatic, clean outlines, flat colours';

/**
 * Fills every shot's `visualPrompt` that is empty: description, place and time of day, camera,
 * who is in the shot with their looks, and the visual style. Prompts already written are kept.
 */
export function enhanceScreenplay(screenplay: Screenplay): Screenplay {
  const characters = new Map(screenplay.characters.map((character) => [character.id, character]));
  const style = screenplay.visualStyle || defaultVisualStyle;
  return {
    ...screenplay,
    scenes: screenplay.scenes.map((scene) => ({
      ...scene,
      shots: scene.shots.map((shot) => {
        if (shot.visualPrompt && shot.visualPrompt.trim() !== '') return shot;
        const people = (shot.characters ?? scene.characters)
          .map((id) => characters.get(id))
          .filter((character) => character !== undefined)
          .map((character) => (character.visualTraits.length > 0 ? `${character.name} (${character.visualTraits.join(', ')})` : character.name));
        const parts = [
          ensureStop(shot.description),
          `Setting: ${scene.location}, ${scene.timeOfDay.toLowerCase()}.`,
          `Camera: ${shot.camera}.`,
          people.length > 0 ? `Characters: ${people.join('; ')}.` : undefined,
          `Style: ${style}.`,
        ];
        return { ...shot, visualPrompt: parts.filter((part) => part !== undefined).join(' ') };
      }),
    })),
  };
}

/** Reads the JSON screenplay the enhancement stage sends. */
export function parseEnhancementPrompt(prompt: string): Screenplay {
  let value: unknown;
  try {
    value = JSON.parse(prompt);
  } catch (error) {
    throw new InvalidInputError({
      message: `The animatic writer was asked for a screenplay enhancement, but the prompt is not JSON (${(error as Error).message}). Send the screenplay as JSON.`,
      cause: error,
    });
  }
  const result = screenplaySchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new InvalidInputError({
      message: `The screenplay sent for enhancement is not valid: field "${issue.path.join('.') || '(root)'}": ${issue.message}.`,
      cause: result.error,
    });
  }
  return result.data;
}

function ensureStop(text: string): string {
  const trimmed = text.trim();
  return /[.!?…"”]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

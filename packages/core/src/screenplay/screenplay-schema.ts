import { z } from 'zod';

/** How one shot hands over to the next. */
export const transitionSchema = z.enum(['cut', 'crossfade', 'fade_to_black']);

export const dialogueLineSchema = z.object({
  /** Id of the speaking character (`char_1`). */
  speaker: z.string().min(1),
  parenthetical: z.string().optional(),
  text: z.string().min(1),
});

export const shotSchema = z.object({
  /** Stable id within its scene, `shot_1`, `shot_2`, ... */
  id: z.string().regex(/^shot_\d+$/, 'must look like shot_1'),
  description: z.string().min(1),
  /** Camera framing and movement, e.g. "slow push-in, medium close-up". */
  camera: z.string().default('static medium shot'),
  /** Seconds. */
  durationSeconds: z.number().positive().max(120),
  /** Ids of the characters visible in this shot. Default: the scene's characters. */
  characters: z.array(z.string()).optional(),
  dialogue: z.array(dialogueLineSchema).default([]),
  /** How this shot hands over to the next one. */
  transition: transitionSchema.default('cut'),
  /** A richer prompt written by the enhancer, used instead of the description when present. */
  visualPrompt: z.string().optional(),
});

export const characterSchema = z.object({
  /** Stable id, `char_1`, `char_2`, ... */
  id: z.string().regex(/^char_\d+$/, 'must look like char_1'),
  name: z.string().min(1),
  description: z.string().default(''),
  visualTraits: z.array(z.string()).default([]),
  /** A voice name the speech model understands, or a description of the voice. */
  voice: z.string().optional(),
});

export const sceneSchema = z.object({
  /** Stable id, `scene_1`, `scene_2`, ... */
  id: z.string().regex(/^scene_\d+$/, 'must look like scene_1'),
  heading: z.string().min(1),
  location: z.string().min(1),
  timeOfDay: z.string().default('DAY'),
  characters: z.array(z.string()).default([]),
  shots: z.array(shotSchema).min(1, 'a scene needs at least one shot'),
});

export const screenplaySchema = z
  .object({
    version: z.literal(1).default(1),
    title: z.string().min(1),
    logline: z.string().default(''),
    visualStyle: z.string().default(''),
    characters: z.array(characterSchema).default([]),
    scenes: z.array(sceneSchema).min(1, 'a screenplay needs at least one scene'),
  })
  .superRefine((screenplay, context) => {
    const characterIds = new Set(screenplay.characters.map((character) => character.id));
    if (characterIds.size !== screenplay.characters.length) {
      context.addIssue({ code: 'custom', path: ['characters'], message: 'character ids must be unique' });
    }
    const sceneIds = new Set<string>();
    screenplay.scenes.forEach((scene, sceneIndex) => {
      if (sceneIds.has(scene.id)) {
        context.addIssue({ code: 'custom', path: ['scenes', sceneIndex, 'id'], message: `duplicate scene id ${scene.id}` });
      }
      sceneIds.add(scene.id);
      scene.characters.forEach((id, index) => {
        if (!characterIds.has(id)) {
          context.addIssue({ code: 'custom', path: ['scenes', sceneIndex, 'characters', index], message: `unknown character ${id}` });
        }
      });
      const shotIds = new Set<string>();
      scene.shots.forEach((shot, shotIndex) => {
        if (shotIds.has(shot.id)) {
          context.addIssue({ code: 'custom', path: ['scenes', sceneIndex, 'shots', shotIndex, 'id'], message: `duplicate shot id ${shot.id}` });
        }
        shotIds.add(shot.id);
        shot.dialogue.forEach((line, lineIndex) => {
          if (!characterIds.has(line.speaker)) {
            context.addIssue({
              code: 'custom',
              path: ['scenes', sceneIndex, 'shots', shotIndex, 'dialogue', lineIndex, 'speaker'],
              message: `unknown speaker ${line.speaker}`,
            });
          }
        });
      });
    });
  });

export type Transition = z.infer<typeof transitionSchema>;
export type DialogueLine = z.infer<typeof dialogueLineSchema>;
export type Shot = z.infer<typeof shotSchema>;
export type Character = z.infer<typeof characterSchema>;
export type Scene = z.infer<typeof sceneSchema>;
export type Screenplay = z.infer<typeof screenplaySchema>;
/** What a writer model may return: defaults not yet applied. */
export type ScreenplayInput = z.input<typeof screenplaySchema>;

import type { z } from 'zod';
import { z as zod } from 'zod';
import { InvalidResponseError } from '../errors/index.js';
import { formatPath } from './parse-screenplay.js';
import { transitionSchema } from './screenplay-schema.js';

/**
 * What a scene writer job returns for one unit of the script: a scene with its shots, where
 * characters are named, not numbered. The screenplay job gives them ids across the film, so a scene
 * written on its own never renumbers anyone.
 */
export const sceneDraftSchema = zod.object({
  heading: zod.string().min(1),
  location: zod.string().min(1),
  timeOfDay: zod.string().default('DAY'),
  /** Everyone who appears or speaks, as introduced in this scene. */
  characters: zod
    .array(
      zod.object({
        name: zod.string().min(1),
        description: zod.string().default(''),
        visualTraits: zod.array(zod.string()).default([]),
        voice: zod.string().optional(),
      }),
    )
    .default([]),
  shots: zod
    .array(
      zod.object({
        description: zod.string().min(1),
        camera: zod.string().default('static medium shot'),
        durationSeconds: zod.number().positive().max(120),
        /** Names of the characters visible. Default: the scene's. */
        characters: zod.array(zod.string()).optional(),
        dialogue: zod.array(zod.object({ speaker: zod.string().min(1), parenthetical: zod.string().optional(), text: zod.string().min(1) })).default([]),
        transition: transitionSchema.default('cut'),
        visualPrompt: zod.string().optional(),
      }),
    )
    .min(1, 'a scene needs at least one shot'),
});

/** The film's title, logline and look, written once from the title page. */
export const screenplayOverviewSchema = zod.object({
  title: zod.string().min(1),
  logline: zod.string().default(''),
  visualStyle: zod.string().default(''),
});

export type SceneDraft = z.infer<typeof sceneDraftSchema>;
export type SceneDraftInput = z.input<typeof sceneDraftSchema>;
export type ScreenplayOverview = z.infer<typeof screenplayOverviewSchema>;

/** Validates a writer's answer; the error names the first failing field, as `parseScreenplay` does. */
export function parseWriterOutput<Schema extends z.ZodType>(schema: Schema, value: unknown, source: string): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = formatPath(issue.path);
  throw new InvalidResponseError({ message: `Invalid ${source}: field "${field}": ${issue.message}`, field, cause: result.error });
}

/** What a scene writer is asked: the unit's text and what it needs to know around it. */
export interface SceneWriterRequest {
  format: 'fountain' | 'prose';
  /** The heading of the scene before, for a unit that carries its place or time on ("CONTINUOUS"). */
  previousHeading?: string;
  text: string;
}

const separator = '\n---\n';

/**
 * The prompt of a scene writer job: a small header, then the scene's text. Writers read it with
 * `readSceneWriterPrompt`; hosted models read it as it stands.
 */
export function sceneWriterPrompt(request: SceneWriterRequest): string {
  const header = [`Format: ${request.format}`, ...(request.previousHeading ? [`Previous scene heading: ${request.previousHeading}`] : [])];
  return `${header.join('\n')}${separator}${request.text}`;
}

export function readSceneWriterPrompt(prompt: string): SceneWriterRequest {
  const at = prompt.indexOf(separator);
  if (at === -1) return { format: 'fountain', text: prompt };
  const header = prompt.slice(0, at);
  const format = /^Format: (fountain|prose)$/m.exec(header)?.[1] as SceneWriterRequest['format'] | undefined;
  const previousHeading = /^Previous scene heading: (.+)$/m.exec(header)?.[1];
  return { format: format ?? 'fountain', previousHeading, text: prompt.slice(at + separator.length) };
}

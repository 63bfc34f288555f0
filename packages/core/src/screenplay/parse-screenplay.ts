import type { z } from 'zod';
import { InvalidResponseError } from '../errors/index.js';
import { screenplaySchema, type Screenplay } from './screenplay-schema.js';

/**
 * Validates a writer's output. On failure the error names the first failing field
 * (`scenes.2.shots.0.durationSeconds`) so the job's error says where the model went wrong.
 */
export function parseScreenplay(value: unknown, source = 'screenplay'): Screenplay {
  const result = screenplaySchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const field = formatPath(issue.path);
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problems)` : '';
  throw new InvalidResponseError({
    message: `Invalid ${source}: field "${field}": ${issue.message}${more}`,
    field,
    cause: result.error,
  });
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0 ? '(root)' : path.map((part) => String(part)).join('.');
}

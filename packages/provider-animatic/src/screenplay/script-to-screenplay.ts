import { InvalidInputError, screenplaySchema, type Screenplay } from '@cinema/core';
import { fountainToScreenplay, looksLikeFountain } from './fountain-to-screenplay.js';
import { proseToScreenplay } from './prose-to-screenplay.js';

/**
 * Reads a script, Fountain or plain prose, into a validated screenplay. Throws an `input` error
 * when the script has no scene with anything in it.
 */
export function scriptToScreenplay(script: string): Screenplay {
  const format = looksLikeFountain(script) ? 'Fountain' : 'prose';
  const draft = format === 'Fountain' ? fountainToScreenplay(script) : proseToScreenplay(script);
  if (draft.scenes.length === 0) {
    throw new InvalidInputError({
      message:
        format === 'Fountain'
          ? 'The script has no scenes: the animatic writer found no action or dialogue after the title page. Add a scene heading (e.g. "INT. KITCHEN - DAY") followed by action or dialogue.'
          : 'The script has no scenes: it is empty or holds only headings. Write at least one paragraph of action, or use Fountain with scene headings (e.g. "INT. KITCHEN - DAY").',
    });
  }
  return screenplaySchema.parse(draft);
}

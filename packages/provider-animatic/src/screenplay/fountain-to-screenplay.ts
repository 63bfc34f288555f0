import type { ScreenplayInput, Transition } from '@cinema/core';
import { Fountain } from 'fountain-js';
import { timeOfDayIn } from './prose-to-screenplay.js';
import { ScreenplayDraft } from './screenplay-draft.js';
import { stripFountainMarkup, tidy, titleCase } from './text-tools.js';

/** Time-of-day words that mean "the same as the scene before". */
const continuity = /^(CONTINUOUS|LATER|MOMENTS LATER|SAME|SAME TIME|CONTINUED)$/i;

/**
 * Reads a scene heading: `EXT. ROCKY COAST - DUSK` → location `Rocky Coast`, time `DUSK`.
 * The time of day is the part after the last dash; without one it is `DAY`.
 */
export function parseSceneHeading(heading: string): { location: string; timeOfDay: string | undefined } {
  const text = tidy(heading.replace(/#[^#]*#\s*$/, ''));
  const withoutPrefix = text.replace(/^(INT\.?\s*\/\s*EXT|EXT\.?\s*\/\s*INT|I\s*\/\s*E|INT|EXT|EST)\.?\s+/i, '');
  const parts = withoutPrefix.split(/\s+[-–—]\s+/);
  const timeOfDay = parts.length > 1 ? parts.pop()!.toUpperCase() : undefined;
  const location = titleCase(parts.join(' - ')) || 'Unspecified Place';
  return { location, timeOfDay };
}

/** `CUT TO:` → cut, `DISSOLVE TO:` → crossfade, `FADE OUT.` / `FADE TO BLACK.` → fade_to_black. */
export function transitionFor(text: string): Transition | undefined {
  const value = text.toUpperCase();
  if (/^FADE IN/.test(value)) return undefined;
  if (/FADE (OUT|TO BLACK|TO:)/.test(value)) return 'fade_to_black';
  if (/DISSOLVE|CROSSFADE|CROSS-FADE|MIX TO/.test(value)) return 'crossfade';
  return 'cut';
}

/** `MARA (V.O.)`, `@McCLANE`, `TOMAS ^` → `Mara`, `Mcclane`, `Tomas`. */
export function characterNameFromCue(cue: string): string {
  return titleCase(
    cue
      .replace(/^@/, '')
      .replace(/\^\s*$/, '')
      .replace(/\([^)]*\)/g, '')
      .trim(),
  );
}

/**
 * Turns a Fountain script into a screenplay. Rules: each scene heading starts a scene; each action
 * paragraph starts a shot; dialogue attaches to the current shot (or starts one when the scene has
 * none yet); dual dialogue is read left then right; transitions set how the shot before them ends;
 * notes, boneyard, sections, synopses, centered text, lyrics and page breaks are left out. Text before
 * the first scene heading (all of a script without headings) forms an opening scene in an unnamed
 * place, at the first time of day its action names (as prose reads it), else `DAY`.
 */
export function fountainToScreenplay(script: string): ScreenplayInput {
  const parsed = new Fountain().parse(script, true);
  const draft = new ScreenplayDraft();
  let title = '';
  let logline = '';
  let previousTime = 'DAY';
  let speaker: string | undefined;
  let parenthetical: string | undefined;
  const firstHeading = parsed.tokens.findIndex((token) => token.type === 'scene_heading');
  const openingAction = parsed.tokens
    .slice(0, firstHeading === -1 ? undefined : firstHeading)
    .filter((token) => !token.is_title && token.type === 'action')
    .map((token) => stripFountainMarkup(token.text ?? ''))
    .join(' ');
  const ensureScene = () => {
    if (draft.currentScene) return;
    previousTime = timeOfDayIn(openingAction) ?? previousTime;
    draft.startScene({ heading: 'OPENING', location: 'Unspecified Place', timeOfDay: previousTime });
  };
  for (const token of parsed.tokens) {
    const text = token.text ?? '';
    if (token.is_title) {
      if (token.type === 'title') title = stripFountainMarkup(text);
      continue;
    }
    switch (token.type) {
      case 'scene_heading': {
        const heading = tidy(text.replace(/#[^#]*#\s*$/, ''));
        const parsedHeading = parseSceneHeading(heading);
        const timeOfDay = parsedHeading.timeOfDay === undefined || continuity.test(parsedHeading.timeOfDay) ? previousTime : parsedHeading.timeOfDay;
        draft.startScene({ heading, location: parsedHeading.location, timeOfDay });
        previousTime = timeOfDay;
        break;
      }
      case 'action': {
        const action = stripFountainMarkup(text);
        if (action) {
          ensureScene();
          draft.addAction(action);
        }
        break;
      }
      case 'character':
        speaker = draft.characterId(characterNameFromCue(text));
        parenthetical = undefined;
        break;
      case 'parenthetical':
        parenthetical = stripFountainMarkup(text).replace(/^\(|\)$/g, '').trim() || undefined;
        break;
      case 'dialogue': {
        const line = stripFountainMarkup(text);
        if (speaker && line) {
          ensureScene();
          draft.addLine({ speaker, text: line, ...(parenthetical ? { parenthetical } : {}) });
        }
        parenthetical = undefined;
        break;
      }
      case 'dialogue_end':
        speaker = undefined;
        parenthetical = undefined;
        break;
      case 'transition': {
        const transition = transitionFor(text);
        if (transition) draft.setTransition(transition);
        break;
      }
      case 'synopsis':
        if (!logline && !draft.currentScene) logline = stripFountainMarkup(text);
        break;
      default:
        break;
    }
  }
  return draft.build({ title: title || 'Untitled', logline });
}

/** Whether a script is Fountain: it has a title page, a scene heading or character cues (see `hasCharacterCues`). */
export function looksLikeFountain(script: string): boolean {
  if (/^\s*(title|credit|author|authors|source|draft date|contact)\s*:/i.test(script)) return true;
  return /^(?:INT|EXT|EST|INT\.?\/EXT|EXT\.?\/INT|I\/E)[.\s]/im.test(script) || /^\.(?!\.)\S/m.test(script) || hasCharacterCues(script);
}

/** Capitalised prose headings that can stand where a cue does: `CHAPTER ONE`, `PART II`, `THE END`. */
const proseHeading = /^(CHAPTER|PART|BOOK|VOLUME|PROLOGUE|EPILOGUE|INTERLUDE|THE END)\b/u;

/**
 * Whether a script speaks in character cues: two dialogue blocks, or one that only a cue could start
 * (a cue forced with `@`, with an extension such as `(V.O.)` or a dual-dialogue `^`, or with a
 * parenthetical under it). A single plain block is not enough: a capitalised title or heading with
 * its text on the next line looks the same.
 */
export function hasCharacterCues(script: string): boolean {
  const lines = script.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trim());
  let plainBlocks = 0;
  for (let index = 0; index < lines.length; index++) {
    const block = dialogueBlockAt(lines, index);
    if (block === 'marked' || (block === 'plain' && ++plainBlocks === 2)) return true;
  }
  return false;
}

/**
 * Whether a dialogue block starts at `lines[index]`: after a blank line (or at the start), a name in
 * capitals (`MARA`, `DR. OKAFOR (V.O.)`, `TOMAS ^`) or forced with `@`, then on the next line a
 * parenthetical or a line with lower-case letters (so a title over its byline in capitals is not one).
 */
function dialogueBlockAt(lines: string[], index: number): 'plain' | 'marked' | undefined {
  const cue = lines[index]!;
  const next = lines[index + 1] ?? '';
  if ((index > 0 && lines[index - 1] !== '') || !next) return undefined;
  if (!next.startsWith('(') && !/\p{Ll}/u.test(next)) return undefined;
  const end = lines.indexOf('', index + 1);
  const parenthetical = lines.slice(index + 1, end === -1 ? undefined : end).some((line) => /^\(.*\)$/.test(line));
  if (/^@\S/.test(cue)) return 'marked';
  const name = cue.replace(/\^$/, '').replace(/\([^)]*\)/g, ' ').trim();
  if (!/\p{Lu}/u.test(name) || /\p{Ll}|[()^]/u.test(name) || /^[!.>~=#]/.test(name) || /[.!?,;:]$/.test(name) || proseHeading.test(name)) return undefined;
  return parenthetical || name !== cue ? 'marked' : 'plain';
}

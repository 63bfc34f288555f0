import type { ScreenplayInput, Transition } from '@cinema/core';
import { Fountain } from 'fountain-js';
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
 * the first scene heading forms an opening scene.
 */
export function fountainToScreenplay(script: string): ScreenplayInput {
  const parsed = new Fountain().parse(script, true);
  const draft = new ScreenplayDraft();
  let title = '';
  let logline = '';
  let previousTime = 'DAY';
  let speaker: string | undefined;
  let parenthetical: string | undefined;
  const ensureScene = () => {
    if (!draft.currentScene) draft.startScene({ heading: 'OPENING', location: 'Unspecified Place', timeOfDay: previousTime });
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

/** Whether a script is Fountain: it has a title page or at least one scene heading. */
export function looksLikeFountain(script: string): boolean {
  if (/^\s*(title|credit|author|authors|source|draft date|contact)\s*:/i.test(script)) return true;
  return /^(?:INT|EXT|EST|INT\.?\/EXT|EXT\.?\/INT|I\/E)[.\s]/im.test(script) || /^\.(?!\.)\S/m.test(script);
}

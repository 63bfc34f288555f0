import { sha256 } from '../util/hash.js';

/** One scene's worth of a script: what a scene writer job gets, and what its key's identity follows. */
export interface ScriptUnit {
  /** The unit's text, as in the script (trimmed). */
  text: string;
  /** Its scene heading (`EXT. HARBOUR - DUSK`, or a prose heading line), when it has one. */
  heading: string | undefined;
  /** sha256 of the text with whitespace runs collapsed: reflowing a paragraph changes nothing. */
  hash: string;
}

export interface SplitScript {
  format: 'fountain' | 'prose';
  /** The title page (Fountain `Title:` block) or the prose title line; '' when there is none. */
  titlePage: string;
  units: ScriptUnit[];
}

/** `INT.`, `EXT.`, `EST.`, `INT./EXT.`, `I/E` followed by a dot or a space, or a forced `.HEADING`. */
const fountainHeading = /^(?:(?:int|ext|est|int\.?\/ext|i\/e)[. ]|\.(?!\.)\S)/i;
const titlePageKey = /^[A-Za-z][A-Za-z ]*:/;

/**
 * Splits a script into scenes by its own marks, with no model involved, so a scene's writer job is
 * keyed by that scene's text alone and editing one scene re-runs only its job:
 *
 * - Fountain (a scene heading or a `Title:` page anywhere): a unit per scene heading, running to
 *   the next; text before the first heading (after the title page) is a unit of its own. The
 *   boneyard (`/* *\/`) and notes (`[[ ]]`) are left out.
 * - Prose: paragraphs are separated by blank lines; a heading paragraph (a `#` line, or one line of
 *   at most 8 words with no closing punctuation or quotes) starts a unit that holds the paragraphs
 *   up to the next heading; any other paragraph is a unit of its own. A heading first paragraph is
 *   the title.
 */
export function splitScript(script: string): SplitScript {
  // Fountain's boneyard (/* */) and notes ([[ ]]) are not part of the film, nor their headings.
  const text = script.replace(/\r\n?/g, '\n').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\[\[[\s\S]*?\]\]/g, '');
  const lines = text.split('\n');
  const isFountain = lines.some((line, index) => fountainHeading.test(line.trim()) && (index === 0 || lines[index - 1]!.trim() === '')) || titlePageKey.test(lines[0] ?? '');
  return isFountain ? splitFountain(lines) : splitProse(lines);
}

function unit(text: string, heading: string | undefined): ScriptUnit {
  const trimmed = text.trim();
  return { text: trimmed, heading, hash: sha256(trimmed.replace(/\s+/g, ' ')) };
}

function splitFountain(lines: string[]): SplitScript {
  let start = 0;
  let titlePage = '';
  if (titlePageKey.test(lines[0] ?? '')) {
    while (start < lines.length && lines[start]!.trim() !== '') start++;
    titlePage = lines.slice(0, start).join('\n').trim();
  }
  const units: ScriptUnit[] = [];
  let current: string[] = [];
  let heading: string | undefined;
  const flush = () => {
    const text = current.join('\n');
    if (text.trim() !== '') units.push(unit(text, heading));
    current = [];
  };
  for (let index = start; index < lines.length; index++) {
    const line = lines[index]!;
    const startsScene = fountainHeading.test(line.trim()) && (index === 0 || lines[index - 1]!.trim() === '');
    if (startsScene) {
      flush();
      heading = line.trim().replace(/^\./, '');
    }
    current.push(line);
  }
  flush();
  return { format: 'fountain', titlePage, units };
}

function isProseHeading(paragraph: string): boolean {
  if (/^#/.test(paragraph)) return true;
  if (paragraph.includes('\n')) return false;
  return paragraph.split(/\s+/).length <= 8 && !/[.!?:;,"'”’)]$/.test(paragraph);
}

function splitProse(lines: string[]): SplitScript {
  const paragraphs = lines
    .join('\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  let titlePage = '';
  if (paragraphs.length > 1 && isProseHeading(paragraphs[0]!)) titlePage = paragraphs.shift()!;
  const units: ScriptUnit[] = [];
  let open: { heading: string; body: string[] } | undefined;
  const close = () => {
    if (open) units.push(unit([open.heading, ...open.body].join('\n\n'), open.heading.replace(/^#+\s*/, '')));
    open = undefined;
  };
  for (const paragraph of paragraphs) {
    if (isProseHeading(paragraph)) {
      close();
      open = { heading: paragraph, body: [] };
    } else if (open) open.body.push(paragraph);
    else units.push(unit(paragraph, undefined));
  }
  close();
  return { format: 'prose', titlePage, units };
}

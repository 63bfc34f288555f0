/** Counts words (runs of letters or digits, apostrophes inside words allowed). */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/** Collapses whitespace and trims. */
export function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `ROCKY COAST` → `Rocky Coast`; `o'brien's pub` → `O'brien's Pub`. */
export function titleCase(text: string): string {
  return tidy(text)
    .toLowerCase()
    .replace(/(^|[\s\-/(])(\p{L})/gu, (_match, before: string, letter: string) => before + letter.toUpperCase());
}

/** Removes Fountain's inline markup (emphasis, escapes, notes) and HTML line breaks. */
export function stripFountainMarkup(text: string): string {
  return tidy(
    text
      .replace(/\[\[[\s\S]*?\]\]/g, ' ')
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/\\([*_\\])/g, '\u0000$1')
      .replace(/[*_]+/g, '')
      .replace(/\u0000/g, ''),
  ).replace(/\s+([.,!?;:])/g, '$1');
}

/** Verbs that attribute quoted speech (`"Hello," Ana says`). */
export const speechVerbs =
  'says|said|saying|calls|called|calling|shouts|shouted|asks|asked|replies|replied|answers|answered|whispers|whispered|cries|cried|yells|yelled|mutters|muttered|tells|told|laughs|laughed|adds|added|sings|sang|murmurs|murmured|snaps|snapped|grins|smiles|sighs|insists|declares|announces';
const attribution = new RegExp(`^\\s+(?:(?:\\p{Lu}[\\p{L}'’-]*\\.?|the|old|young|little)\\s+){0,3}(?:${speechVerbs})\\b`, 'u');

const abbreviations = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'mt', 'jr', 'sr', 'prof', 'capt', 'sgt', 'lt', 'col', 'gen', 'no', 'vs', 'etc', 'e.g', 'i.e']);
const opening = new Set(['"', '“', '‘']);
const closing = new Set(['"', '”', '’']);

/**
 * Splits prose into sentences. Never splits inside quotes; a sentence ends at `.`, `!`, `?` or `…`
 * (after any closing quote) when the next word starts with a capital, a digit or a quote.
 * Common abbreviations (`Mr.`, `Dr.`, ...) do not end a sentence.
 */
export function splitSentences(text: string): string[] {
  const source = tidy(text);
  const sentences: string[] = [];
  let start = 0;
  let inQuote = false;
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (char === '"') {
      inQuote = !inQuote;
    } else if (opening.has(char) && char !== '‘') {
      inQuote = true;
    } else if (closing.has(char) && char !== '’') {
      inQuote = false;
    }
    if (inQuote) continue;
    let end = -1;
    if (/[.!?…]/.test(char)) {
      end = index + 1;
      while (end < source.length && /[.!?…"”’)\]]/.test(source[end]!)) end++;
    } else if ((char === '"' || char === '”') && /[.!?…]/.test(source[index - 1] ?? '')) {
      end = index + 1;
    }
    if (end === -1) continue;
    if (source[index] === '"' || source[index] === '”' || /["”]/.test(source[end - 1]!)) {
      if (attribution.test(source.slice(end))) continue;
    }
    if (end < source.length && source[end] !== ' ') continue;
    const next = source.slice(end + 1, end + 2);
    if (end < source.length && !/[\p{Lu}\p{N}"“‘(]/u.test(next)) continue;
    const word = /([\p{L}.]+)\.$/u.exec(source.slice(start, index + 1));
    if (char === '.' && word && abbreviations.has(word[1]!.toLowerCase())) continue;
    const sentence = source.slice(start, end).trim();
    if (sentence) sentences.push(sentence);
    start = end;
    index = end - 1;
  }
  const rest = source.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

/** Escapes a string for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `['Mara', 'Tomas', 'Jonas']` → `Mara, Tomas and Jonas`. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

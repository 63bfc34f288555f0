import type { ScreenplayInput } from '@cinema/core';
import { ScreenplayDraft } from './screenplay-draft.js';
import { countWords, escapeRegExp, speechVerbs, splitSentences, tidy, titleCase } from './text-tools.js';

const speechVerb = new RegExp(`\\b(${speechVerbs})\\b`, 'i');
const trailingSpeechVerb = new RegExp(`[,;:]?\\s*(?:and\\s+)?(?:${speechVerbs})\\s*[,;:]?\\s*$`, 'i');

/** Capitalised words that are not names. */
const notNames = new Set(
  (
    'a an the and but or nor so yet then when while as at in on of by for from to with without into onto over under ' +
    'he she they we i you it his her their our my your its him them us me this that these those there here now later ' +
    'soon after before finally meanwhile suddenly outside inside across behind above below near beside everyone someone ' +
    'nobody nothing something everything all some one two three yes no oh ah well if once every each another other ' +
    'somewhere nowhere everywhere today tonight tomorrow yesterday morning evening night noon dawn dusk god sir madam ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december what who why where how hello hi thanks thank please come look good fresh'
  ).split(' '),
);

/** Heading words that say the time of day, most specific first. */
const timeWords: [RegExp, string][] = [
  [/\b(dawn|sunrise|daybreak|first light)\b/i, 'DAWN'],
  [/\b(dusk|sunset|twilight)\b/i, 'DUSK'],
  [/\b(midnight|night|moonlight|moon|stars)\b/i, 'NIGHT'],
  [/\b(evening)\b/i, 'EVENING'],
  [/\b(afternoon)\b/i, 'AFTERNOON'],
  [/\b(noon|midday)\b/i, 'NOON'],
  [/\b(morning)\b/i, 'MORNING'],
];

const placePattern =
  /\b(?:in|at|inside|outside|on|near|by|across|through|under|behind|along|into|onto|above|beside)\s+(?:the|a|an)\s+((?:[\p{L}'-]+\s?){1,4}?)(?=[,.;:!?]|\s+(?:and|as|while|where|with|of|to|from|when|before|after|is|are|was|were|that|who|which|for|until|at|in|on|by)\b|$)/giu;
const notPlaces = /\b(morning|evening|night|dawn|dusk|light|afternoon|rain|wind|distance|air|sun|moment|silence|crowd|end|middle|way|hand|hands|arms|voice|time)\b/i;

/** What a single-line paragraph must look like to be a heading: short, and no closing punctuation or quotes. */
export function isHeading(paragraph: string): boolean {
  if (paragraph.includes('\n')) return false;
  const text = paragraph.trim();
  if (text.startsWith('#')) return true;
  return countWords(text) <= 8 && !/[.!?,;:"”…]$/.test(text) && !/["“”]/.test(text);
}

/** The time of day a piece of text names, if any. */
export function timeOfDayIn(text: string): string | undefined {
  return timeWords.find(([pattern]) => pattern.test(text))?.[1];
}

/** The first place named after a preposition (`at the harbour`, `in the market square`), title-cased. */
export function placeIn(text: string): string | undefined {
  for (const match of withoutQuotes(text).matchAll(placePattern)) {
    const place = tidy(match[1]!);
    if (!place || notPlaces.test(place)) continue;
    const longer = new RegExp(`\\bthe\\s+((?:[\\p{L}'-]+\\s+){1,2}${escapeRegExp(place)})\\b`, 'iu').exec(withoutQuotes(text));
    return titleCase(longer?.[1] ?? place);
  }
  return undefined;
}

function withoutQuotes(text: string): string {
  return text.replace(/"[^"]*"|“[^”]*”/g, ' ');
}

/** The quoted speech of a sentence as one line: `"On the house," she says, "if you..."` → `On the house, if you...`. */
function quoteIn(sentence: string): string | undefined {
  const parts = [...sentence.matchAll(/"([^"]+)"|“([^”]+)”/g)]
    .map((match) => tidy(match[1] ?? match[2] ?? ''))
    .filter((quote) => countWords(quote) > 0);
  if (parts.length === 0) return undefined;
  return parts.join(' ').replace(/[,;:]$/, '.');
}

/** Runs of capitalised words outside quotes that may be names, in order, with their positions. */
function nameCandidates(text: string): { name: string; index: number }[] {
  const candidates: { name: string; index: number }[] = [];
  for (const match of text.matchAll(/\b(?:(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+)?\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*/gu)) {
    const words = match[0].split(/\s+/).filter((word) => !notNames.has(word.toLowerCase().replace(/['’]s$/, '')));
    if (words.length === 0) continue;
    const name = words.join(' ').replace(/['’]s$/, '');
    candidates.push({ name, index: match.index! });
  }
  return candidates;
}

/**
 * Turns plain prose into a screenplay. Rules:
 * - Paragraphs are separated by blank lines. A first paragraph that is a heading is the title.
 * - A heading (a `#` line, or one short line with no closing punctuation) starts a scene that holds
 *   the paragraphs up to the next heading; every other paragraph outside a heading is a scene of its own.
 * - A scene's place is its heading, else the first `in/at/on the ...` place it names, else the scene
 *   before's; its time of day is the first time word it names (dawn, morning, dusk, night...), else
 *   the scene before's, else DAY.
 * - Each sentence without quotes is a shot. Quoted speech is dialogue of the named person next to it
 *   (the name nearest a speech verb), or, for "she says", of the last person named; a quoted sentence
 *   with five or more words of its own (besides the speaker and the speech verb) starts a shot, otherwise its lines join the current shot.
 *   Quotes with nobody to say them stay in the action.
 */
export function proseToScreenplay(script: string): ScreenplayInput {
  const paragraphs = script
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
  let title = 'Untitled';
  if (paragraphs.length > 1 && isHeading(paragraphs[0]!)) title = tidy(paragraphs.shift()!.replace(/^#+\s*/, ''));
  const draft = new ScreenplayDraft();
  let previousPlace: string | undefined;
  let previousTime = 'DAY';
  let lastNamed: string | undefined;
  let inHeadingScene = false;

  const startScene = (headingText: string | undefined, body: string) => {
    const place = (headingText ? titleCase(headingText) : placeIn(body)) ?? previousPlace ?? (title === 'Untitled' ? 'Unspecified Place' : title);
    const timeOfDay = (headingText ? timeOfDayIn(headingText) : undefined) ?? timeOfDayIn(withoutQuotes(body)) ?? previousTime;
    draft.startScene({ heading: headingText ?? `${place.toUpperCase()} - ${timeOfDay}`, location: place, timeOfDay });
    previousPlace = place;
    previousTime = timeOfDay;
  };

  for (let index = 0; index < paragraphs.length; index++) {
    const paragraph = paragraphs[index]!;
    if (isHeading(paragraph)) {
      const body = [];
      for (let next = index + 1; next < paragraphs.length && !isHeading(paragraphs[next]!); next++) body.push(paragraphs[next]!);
      startScene(tidy(paragraph.replace(/^#+\s*/, '')), body.join('\n'));
      inHeadingScene = true;
      continue;
    }
    if (!inHeadingScene) startScene(undefined, paragraph);
    for (const sentence of splitSentences(paragraph)) {
      const quote = quoteIn(sentence);
      const outside = tidy(withoutQuotes(sentence));
      const candidates = nameCandidates(outside);
      if (quote === undefined) {
        draft.addAction(sentence);
        lastNamed = candidates[candidates.length - 1]?.name ?? lastNamed;
        continue;
      }
      const verb = speechVerb.exec(outside);
      const named = verb
        ? [...candidates].sort((a, b) => Math.abs(a.index - verb.index) - Math.abs(b.index - verb.index))[0]
        : candidates[0];
      const speakerName = named?.name ?? lastNamed;
      if (!speakerName) {
        draft.addAction(sentence);
        continue;
      }
      lastNamed = speakerName;
      const speaker = draft.characterId(speakerName);
      const own = tidy(outside.replace(/^[,.;:!?\s]+|[,;:\s]+$/g, ''));
      const ownWords = countWords(own.replace(new RegExp(`\\b(${escapeRegExp(speakerName)}|he|she|they|${speechVerbs})\\b`, 'gi'), ' '));
      if (ownWords >= 5 || !draft.lastShot) {
        draft.addAction(ownWords >= 5 ? describeSpeaking(own, speakerName) : `${speakerName} speaks.`);
      }
      draft.addLine({ speaker, text: quote });
    }
  }
  return draft.build({ title });
}

/** `calls Ana from her stall, waving a loaf` → `Ana calls from her stall, waving a loaf.` */
function describeSpeaking(own: string, speakerName: string): string {
  let text = own.replace(trailingSpeechVerb, '').replace(/^(he|she|they)\b\s*/i, '');
  if (!new RegExp(`^${escapeRegExp(speakerName)}\\b`).test(text)) {
    text = `${speakerName} ${text.replace(new RegExp(`\\s*\\b${escapeRegExp(speakerName)}\\b,?`), '')}`;
  }
  text = tidy(text).replace(/[,;:]$/, '');
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

import { createHash } from 'node:crypto';

/**
 * A voice of Cinema's eSpeak NG speech model, written
 * `<espeak voice>[+<variant>] [pitch=<0-99>] [speed=<80-450>]`, e.g. `en-us+f3 pitch=62 speed=165`.
 */
export interface EspeakVoice {
  /** eSpeak NG voice (language) name. Default: `en-us`. */
  language: string;
  /** eSpeak NG voice variant (`m1`..`m7`, `f1`..`f5`, `whisper`, ...). Default: `m1`. */
  variant: string;
  /** 0 to 99. Default: 50. */
  pitch: number;
  /** Words per minute, 80 to 450. Default: 165. */
  speed: number;
}

/** The preset voices, handed to characters in order so neighbouring characters sound different. */
export const espeakVoices = [
  'en-us+f3 pitch=62 speed=165',
  'en-us+m3 pitch=38 speed=150',
  'en-us+m1 pitch=50 speed=170',
  'en-us+f2 pitch=70 speed=175',
  'en-us+m7 pitch=30 speed=140',
  'en-us+f4 pitch=55 speed=155',
  'en-us+m2 pitch=45 speed=180',
  'en-us+f5 pitch=66 speed=160',
] as const;

const variants = new Set(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'f1', 'f2', 'f3', 'f4', 'f5', 'whisper', 'whisperf', 'croak', 'grandma', 'grandpa']);

/** The voice for the character at `index` (0-based) of a screenplay; characters past the presets get shifted pitches. */
export function voiceForCharacter(index: number): string {
  const preset = parseVoice(espeakVoices[index % espeakVoices.length]!)!;
  const round = Math.floor(index / espeakVoices.length);
  if (round === 0) return formatVoice(preset);
  const shift = ((round % 2 === 1 ? 1 : -1) * Math.ceil(round / 2) * 8) % 40;
  return formatVoice({ ...preset, pitch: clamp(preset.pitch + shift, 5, 95) });
}

/**
 * The preset that stands in for a voice name eSpeak does not know (a hosted model's `alloy`),
 * chosen by the name's hash so one name always gets the same preset and two names likely differ.
 */
export function presetForUnknownVoice(name: string): string {
  return espeakVoices[createHash('sha256').update(name).digest().readUInt32BE(0) % espeakVoices.length]!;
}

export function formatVoice(voice: EspeakVoice): string {
  return `${voice.language}+${voice.variant} pitch=${voice.pitch} speed=${voice.speed}`;
}

/** Reads a voice string; `undefined` when it is not one eSpeak understands. */
export function parseVoice(text: string): EspeakVoice | undefined {
  const parts = text.trim().split(/\s+/);
  const head = parts.shift();
  if (head === undefined || head === '') return undefined;
  const [language, variant = 'm1'] = head.split('+') as [string, string?];
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(language) || !variants.has(variant.toLowerCase())) return undefined;
  const voice: EspeakVoice = { language: language.toLowerCase(), variant: variant.toLowerCase(), pitch: 50, speed: 165 };
  for (const part of parts) {
    const match = /^(pitch|speed)=(\d{1,3})$/.exec(part);
    if (!match) return undefined;
    const value = Number(match[2]);
    if (match[1] === 'pitch') voice.pitch = clampPitch(value);
    else voice.speed = clampSpeed(value);
  }
  return voice;
}

/** A pitch eSpeak accepts: 0 to 99. */
export function clampPitch(pitch: number): number {
  return clamp(pitch, 0, 99);
}

/** A speed eSpeak accepts: 80 to 450 words per minute. */
export function clampSpeed(speed: number): number {
  return clamp(speed, 80, 450);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

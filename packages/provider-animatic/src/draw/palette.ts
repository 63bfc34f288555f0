import { createRandom, hash32, pick } from '../util/hash.js';

export interface CharacterLook {
  skin: string;
  hair: string;
  hairStyle: 'short' | 'long' | 'bun' | 'bald' | 'curly';
  top: string;
  trousers: string;
  shoes: string;
  hat: boolean;
  beard: boolean;
  glasses: boolean;
  scarf: string | undefined;
  longCoat: boolean;
  /** Relative height, 0.9 to 1.08. */
  height: number;
  /** Relative width of the body, 0.85 to 1.2. */
  build: number;
}

const colourWords: [RegExp, string][] = [
  [/\bred\b|\bcrimson\b|\bscarlet\b/, '#c0392b'],
  [/\byellow\b|\bgolden\b/, '#f1c40f'],
  [/\borange\b/, '#e67e22'],
  [/\bgreen\b|\bolive\b/, '#27ae60'],
  [/\bblue\b|\bnavy\b/, '#2e5fa8'],
  [/\bpurple\b|\bviolet\b/, '#8e44ad'],
  [/\bpink\b/, '#e88ab4'],
  [/\bbrown\b|\btan\b/, '#8d5a3b'],
  [/\bblack\b|\bdark\b/, '#2b2b2b'],
  [/\bwhite\b/, '#f2f2f2'],
  [/\bgr[ae]y\b|\bsilver\b/, '#8a8f96'],
];

const skins = ['#f6d7c3', '#eac09a', '#d8a47f', '#b97f56', '#8d5a3b', '#5e3b26'];
const hairs = ['#2b1d14', '#4a2f1b', '#7a4a23', '#b5822f', '#e0c06a', '#a33a1c', '#1b1b1b'];
const trousersColours = ['#34495e', '#3d3d3d', '#5d4037', '#2c3e50', '#4e5d6c', '#6d4c41'];

function colourIn(text: string): string | undefined {
  return colourWords.find(([pattern]) => pattern.test(text))?.[1];
}

/**
 * How a character is drawn, from a hash of its id and traits. Clothing hues are spread by the id's
 * number (golden angle) so characters of one film differ; colour words in the traits win
 * ("yellow raincoat" → a yellow top, "grey-bearded" → grey hair and a beard).
 */
export function characterLook(character: { id: string; traits: string[] }): CharacterLook {
  const traits = character.traits.join(' ').toLowerCase();
  const random = createRandom(`${character.id}|${traits}`);
  const number = Number(/(\d+)$/.exec(character.id)?.[1] ?? hash32(character.id) % 97);
  const hue = Math.round((number * 137.508 + random() * 20) % 360);
  const clothing = character.traits.find((trait) => /\b(coat|raincoat|jacket|shirt|dress|sweater|jumper|hoodie|uniform|cloak|robe|apron|suit|top|blouse)\b/i.test(trait));
  const hairTrait = character.traits.find((trait) => /\b(hair(ed)?|beard(ed)?|blonde?|brunette|redhead|bald)\b/i.test(trait));
  const scarfTrait = character.traits.find((trait) => /\bscarf\b/i.test(trait));
  const old = /\b(old|elderly|grey|gray|white-haired|aged)\b/.test(traits);
  const young = /\b(boy|girl|child|kid|toddler)\b/.test(traits);
  let hair = pick(hairs, random());
  if (hairTrait) {
    if (/blonde?/i.test(hairTrait)) hair = '#e0c06a';
    else if (/redhead|red/i.test(hairTrait)) hair = '#a33a1c';
    else hair = colourIn(hairTrait.toLowerCase()) ?? hair;
  } else if (old) {
    hair = '#b8b8b8';
  }
  return {
    skin: pick(skins, random()),
    hair,
    hairStyle: /\bbald\b/.test(traits) ? 'bald' : pick(['short', 'long', 'bun', 'curly', 'short'] as const, random()),
    top: (clothing && colourIn(clothing.toLowerCase())) ?? `hsl(${hue}, 55%, 48%)`,
    trousers: pick(trousersColours, random()),
    shoes: '#2a2420',
    hat: /\b(hat|cap|helmet|hood)\b/.test(traits),
    beard: /\b(beard|bearded)\b/.test(traits),
    glasses: /\b(glasses|spectacles)\b/.test(traits),
    scarf: scarfTrait ? (colourIn(scarfTrait.toLowerCase()) ?? `hsl(${(hue + 180) % 360}, 60%, 50%)`) : undefined,
    longCoat: /\b(coat|raincoat|cloak|robe|dress)\b/.test(traits),
    height: young ? 0.78 : 0.92 + random() * 0.16,
    build: 0.85 + random() * 0.35,
  };
}

/**
 * What the emulator answers when a test sets no responder: a screenplay made from the prompt
 * (for schemas named like `screenplay`), or the smallest object that fits the JSON Schema.
 */

interface DraftShot {
  id: string;
  description: string;
  camera: string;
  durationSeconds: number;
  dialogue: { speaker: string; text: string; parenthetical?: string }[];
  transition: 'cut';
}

const headingPattern = /^(INT\.?\/EXT\.?|EXT\.?\/INT\.?|INT\.|EXT\.|I\/E\.?)\s*(.+?)(?:\s+[-–—]\s+(.+))?$/i;
const inlineDialoguePattern = /^([A-Z][A-Z0-9 .'-]{0,30}?)(?:\s*\(([^)]*)\))?\s*:\s*(.+)$/;
const speakerLinePattern = /^([A-Z][A-Z0-9 .'-]{0,30}?)(?:\s*\(([^)]*)\))?$/;

function titleCase(name: string): string {
  return name
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * A screenplay object (valid for `screenplaySchema`) derived from a prompt that contains a script:
 * `INT./EXT.` headings become scenes, action paragraphs become shots, `NAME: line` or a NAME line
 * followed by speech becomes dialogue, and every speaker becomes a character.
 */
export function screenplayFromPrompt(prompt: string): Record<string, unknown> {
  const lines = prompt.split(/\r?\n/).map((line) => line.trim());
  const titleLine = lines.find((line) => /^title\s*:/i.test(line));
  const firstLine = lines.find((line) => line !== '' && !headingPattern.test(line)) ?? 'Untitled';
  const title = (titleLine ? titleLine.replace(/^title\s*:\s*/i, '') : firstLine).slice(0, 80) || 'Untitled';

  const characters = new Map<string, string>();
  const characterId = (name: string) => {
    const key = name.trim().toUpperCase();
    let id = characters.get(key);
    if (id == null) {
      id = `char_${characters.size + 1}`;
      characters.set(key, id);
    }
    return id;
  };

  interface DraftScene {
    heading: string;
    location: string;
    timeOfDay: string;
    shots: DraftShot[];
    speakers: Set<string>;
  }
  const scenes: DraftScene[] = [];
  const newScene = (heading: string, location: string, timeOfDay: string): DraftScene => {
    const scene = { heading, location, timeOfDay, shots: [], speakers: new Set<string>() };
    scenes.push(scene);
    return scene;
  };
  let scene: DraftScene | undefined;
  const currentScene = () => (scene ??= newScene('INT. SOMEWHERE - DAY', 'SOMEWHERE', 'DAY'));
  const newShot = (description: string, target: DraftScene = currentScene()) => {
    const shot: DraftShot = {
      id: `shot_${target.shots.length + 1}`,
      description,
      camera: 'static medium shot',
      durationSeconds: Math.min(12, 3 + Math.ceil(description.split(/\s+/).length / 3)),
      dialogue: [],
      transition: 'cut',
    };
    target.shots.push(shot);
    return shot;
  };
  const addLine = (speaker: string, text: string, parenthetical?: string) => {
    const target = currentScene();
    const shot = target.shots.at(-1) ?? newShot(`${titleCase(speaker)} speaks.`);
    const id = characterId(speaker);
    target.speakers.add(id);
    shot.dialogue.push({ speaker: id, text, ...(parenthetical ? { parenthetical } : {}) });
  };

  let pendingSpeaker: { name: string; parenthetical?: string } | undefined;
  for (const line of lines) {
    if (line === '') {
      pendingSpeaker = undefined;
      continue;
    }
    const heading = headingPattern.exec(line);
    if (heading) {
      scene = newScene(line.toUpperCase(), heading[2]!.trim().toUpperCase(), (heading[3] ?? 'DAY').trim().toUpperCase());
      pendingSpeaker = undefined;
      continue;
    }
    if (pendingSpeaker) {
      addLine(pendingSpeaker.name, line, pendingSpeaker.parenthetical);
      pendingSpeaker = undefined;
      continue;
    }
    const inline = inlineDialoguePattern.exec(line);
    if (inline && inline[1] === inline[1]!.toUpperCase() && !/^title$/i.test(inline[1]!.trim())) {
      addLine(inline[1]!.trim(), inline[3]!.trim(), inline[2]?.trim());
      continue;
    }
    const speaker = speakerLinePattern.exec(line);
    if (speaker && speaker[1]!.trim().split(/\s+/).length <= 4) {
      pendingSpeaker = { name: speaker[1]!.trim(), ...(speaker[2] ? { parenthetical: speaker[2].trim() } : {}) };
      continue;
    }
    if (/^title\s*:/i.test(line)) continue;
    if (scene == null && titleLine == null && line === firstLine) continue;
    newShot(line);
  }
  if (scenes.length === 0) newScene('INT. SOMEWHERE - DAY', 'SOMEWHERE', 'DAY');
  for (const draft of scenes) if (draft.shots.length === 0) newShot(`Establishing shot: ${draft.location.toLowerCase()}.`, draft);
  const fixed = scenes.map((draft, index) => ({
    id: `scene_${index + 1}`,
    heading: draft.heading,
    location: draft.location,
    timeOfDay: draft.timeOfDay,
    characters: [...draft.speakers],
    shots: draft.shots,
  }));
  return {
    version: 1,
    title,
    logline: `A short film made from the script "${title}".`,
    visualStyle: 'naturalistic, soft light',
    characters: [...characters.entries()].map(([name, id]) => ({
      id,
      name: titleCase(name),
      description: `${titleCase(name)}, a character in the script.`,
      visualTraits: [],
    })),
    scenes: fixed,
  };
}

/** The prompt as a JSON object, or undefined when it is not one. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value != null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** What the enhancer answers: the same screenplay with a `visualPrompt` on every shot. */
export function enhanceScreenplay(draft: Record<string, unknown>): Record<string, unknown> {
  const style = typeof draft['visualStyle'] === 'string' && draft['visualStyle'] !== '' ? draft['visualStyle'] : 'cinematic';
  const scenes = (draft['scenes'] as Record<string, unknown>[]).map((scene) => ({
    ...scene,
    shots: Array.isArray(scene['shots'])
      ? (scene['shots'] as Record<string, unknown>[]).map((shot) => ({
          ...shot,
          visualPrompt: `${String(shot['description'] ?? '')} ${String(scene['location'] ?? '')}, ${String(scene['timeOfDay'] ?? '')}; ${String(shot['camera'] ?? 'static medium shot')}; ${style}.`.trim(),
        }))
      : scene['shots'],
  }));
  return { ...draft, scenes };
}

type Schema = Record<string, unknown>;

function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    if (node == null || typeof node !== 'object') return undefined;
    node = (node as Schema)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node as Schema | undefined;
}

/** The smallest value that satisfies a JSON Schema (objects with their required fields only). */
export function sampleFromSchema(schema: unknown, root: Schema = schema as Schema, depth = 0): unknown {
  if (schema == null || typeof schema !== 'object' || depth > 20) return null;
  const node = schema as Schema;
  if (typeof node['$ref'] === 'string') return sampleFromSchema(resolveRef(root, node['$ref']), root, depth + 1);
  if ('const' in node) return node['const'];
  if (Array.isArray(node['enum'])) return node['enum'][0];
  if ('default' in node) return node['default'];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = node[key];
    if (Array.isArray(options) && options.length > 0) {
      const preferred = options.find((option) => (option as Schema)?.['type'] !== 'null') ?? options[0];
      return sampleFromSchema(preferred, root, depth + 1);
    }
  }
  const type = Array.isArray(node['type']) ? (node['type'].find((item) => item !== 'null') ?? 'null') : node['type'];
  switch (type) {
    case 'object': {
      const properties = (node['properties'] as Record<string, unknown> | undefined) ?? {};
      const required = Array.isArray(node['required']) ? (node['required'] as string[]) : [];
      const result: Record<string, unknown> = {};
      for (const key of required) result[key] = sampleFromSchema(properties[key], root, depth + 1);
      return result;
    }
    case 'array': {
      const count = typeof node['minItems'] === 'number' ? node['minItems'] : 0;
      return Array.from({ length: count }, () => sampleFromSchema(node['items'], root, depth + 1));
    }
    case 'string': {
      if (typeof node['pattern'] === 'string') {
        const match = /^\^?([a-z_]+)\\d\+\$?$/i.exec(node['pattern']);
        if (match) return `${match[1]}1`;
      }
      const minimum = typeof node['minLength'] === 'number' ? node['minLength'] : 0;
      return 'example'.padEnd(minimum, 'x');
    }
    case 'integer':
    case 'number': {
      if (typeof node['minimum'] === 'number') return node['minimum'];
      if (typeof node['exclusiveMinimum'] === 'number') return node['exclusiveMinimum'] + 1;
      return 1;
    }
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}

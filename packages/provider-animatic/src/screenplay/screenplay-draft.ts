import type { DialogueLine, ScreenplayInput, Transition } from '@cinema/core';
import { voiceForCharacter } from '../voices.js';
import { countWords, escapeRegExp, joinNames, tidy } from './text-tools.js';

/** Words per second of spoken dialogue. */
export const speakingRate = 2.5;
/** Words per second a viewer reads an action caption at. */
export const readingRate = 4;
/** Pause after each spoken line, in seconds. */
export const linePause = 0.5;
/** Seconds every shot gets on top of its action and lines. */
export const shotPadding = 1;
/** No shot is shorter than this many seconds. */
export const minimumShotSeconds = 2;
/** Dialogue that would make a shot longer than this continues in a new shot. */
export const maximumDialogueShotSeconds = 30;

interface DraftShot {
  action: string;
  lines: DialogueLine[];
  transition: Transition;
  /** Set when dialogue overflowed the previous shot. */
  continued: boolean;
}

interface DraftScene {
  heading: string;
  location: string;
  timeOfDay: string;
  shots: DraftShot[];
}

interface DraftCharacter {
  id: string;
  name: string;
}

/**
 * Collects scenes, shots and lines while a script is read, then applies the shared rules
 * (durations, cameras, characters in shot, descriptions, voices) to make a screenplay.
 */
export class ScreenplayDraft {
  readonly scenes: DraftScene[] = [];
  private readonly characters: DraftCharacter[] = [];
  private readonly characterKeys = new Map<string, string>();

  startScene(scene: { heading: string; location: string; timeOfDay: string }): void {
    this.scenes.push({ ...scene, shots: [] });
  }

  get currentScene(): DraftScene | undefined {
    return this.scenes[this.scenes.length - 1];
  }

  get lastShot(): DraftShot | undefined {
    return this.currentScene?.shots[this.currentScene.shots.length - 1];
  }

  /** The id of the character with this name, registering it on first use. */
  characterId(name: string): string {
    const key = name.toLowerCase();
    const known = this.characterKeys.get(key);
    if (known) return known;
    const id = `char_${this.characters.length + 1}`;
    this.characters.push({ id, name });
    this.characterKeys.set(key, id);
    return id;
  }

  hasCharacter(name: string): boolean {
    return this.characterKeys.has(name.toLowerCase());
  }

  characterName(id: string): string {
    return this.characters.find((character) => character.id === id)?.name ?? id;
  }

  addAction(text: string): void {
    const action = tidy(text);
    if (!action || !this.currentScene) return;
    this.currentScene.shots.push({ action, lines: [], transition: 'cut', continued: false });
  }

  addLine(line: DialogueLine): void {
    const scene = this.currentScene;
    if (!scene) return;
    const shot = this.lastShot;
    if (!shot) {
      scene.shots.push({ action: '', lines: [line], transition: 'cut', continued: false });
      return;
    }
    if (shot.lines.length > 0 && shotSeconds(shot.action, [...shot.lines, line]) > maximumDialogueShotSeconds) {
      scene.shots.push({ action: '', lines: [line], transition: shot.transition, continued: true });
      shot.transition = 'cut';
      return;
    }
    shot.lines.push(line);
  }

  setTransition(transition: Transition): void {
    const shot = this.lastShot;
    if (shot) shot.transition = transition;
  }

  /** Everything written about a character in the action, in order. */
  private describe(name: string): { description: string; visualTraits: string[] } {
    const pattern = new RegExp(`\\b${escapeRegExp(name)}\\b(?:\\s*\\([^)]*\\))?,\\s+([^,.;!?"“]+?)\\s*[,.;]`, 'i');
    for (const scene of this.scenes) {
      for (const shot of scene.shots) {
        const match = pattern.exec(shot.action);
        if (match) {
          const description = tidy(match[1]!);
          return { description, visualTraits: traitsOf(description) };
        }
      }
    }
    return { description: '', visualTraits: [] };
  }

  build(meta: { title: string; logline?: string; visualStyle?: string }): ScreenplayInput {
    const characters = this.characters.map((character, index) => ({
      id: character.id,
      name: character.name,
      ...this.describe(character.name),
      voice: voiceForCharacter(index),
    }));
    const mentionPatterns = this.characters.map((character) => ({
      id: character.id,
      pattern: new RegExp(`(^|[^\\p{L}])${escapeRegExp(character.name)}(?![\\p{L}])`, 'iu'),
    }));
    const scenes = this.scenes
      .filter((scene) => scene.shots.length > 0)
      .map((scene, sceneIndex) => {
        const sceneCharacters = new Set<string>();
        const shots = scene.shots.map((shot, shotIndex) => {
          const speakers = unique(shot.lines.map((line) => line.speaker));
          const mentioned = mentionPatterns.filter(({ pattern }) => pattern.test(shot.action)).map(({ id }) => id);
          const inShot = this.characters.map((character) => character.id).filter((id) => speakers.includes(id) || mentioned.includes(id));
          inShot.forEach((id) => sceneCharacters.add(id));
          const speakerNames = speakers.map((id) => this.characterName(id));
          const description =
            shot.action ||
            (shot.continued
              ? `${joinNames(speakerNames)} ${speakerNames.length === 1 ? 'continues' : 'continue'}.`
              : `${joinNames(speakerNames)} ${speakerNames.length === 1 ? 'speaks' : 'speak'}.`);
          return {
            id: `shot_${shotIndex + 1}`,
            description,
            camera: cameraFor({ shotIndex, action: shot.action, speakerNames }),
            durationSeconds: shotSeconds(shot.action, shot.lines),
            characters: inShot,
            dialogue: shot.lines,
            transition: shot.transition,
          };
        });
        return {
          id: `scene_${sceneIndex + 1}`,
          heading: scene.heading,
          location: scene.location,
          timeOfDay: scene.timeOfDay,
          characters: this.characters.map((character) => character.id).filter((id) => sceneCharacters.has(id)),
          shots,
        };
      });
    return {
      version: 1,
      title: meta.title,
      logline: meta.logline ?? '',
      visualStyle: meta.visualStyle ?? '',
      characters,
      scenes,
    };
  }
}

/**
 * Seconds a shot lasts: 1 s of padding, its action read at 4 words a second, and each line spoken
 * at 2.5 words a second plus a 0.5 s pause; rounded up to half a second, at least 2 s, at most 120 s.
 */
export function shotSeconds(action: string, lines: readonly DialogueLine[]): number {
  const speech = lines.reduce((total, line) => total + countWords(line.text) / speakingRate + linePause, 0);
  const seconds = shotPadding + countWords(action) / readingRate + speech;
  return Math.min(120, Math.max(minimumShotSeconds, Math.ceil(seconds * 2) / 2));
}

/**
 * The camera of a shot: the first action shot of a scene establishes it; a shot with one speaker
 * pushes in on them; two or more speakers share a static shot; other action shots follow the verbs
 * of the action (movement pans, climbing tilts up) and otherwise alternate push-in and pull-out.
 */
export function cameraFor({ shotIndex, action, speakerNames }: { shotIndex: number; action: string; speakerNames: string[] }): string {
  if (shotIndex === 0 && action) return 'wide establishing shot, slow pan right';
  if (speakerNames.length === 1) return `medium close-up on ${speakerNames[0]}, slow push-in`;
  if (speakerNames.length === 2) return 'two-shot, static';
  if (speakerNames.length > 2) return 'group shot, static';
  if (/\b(sweeps?|across|runs?|walks?|drives?|races?|crosses|hurries|rushes)\b/i.test(action)) return 'wide shot, slow pan left';
  if (/\b(climbs?|rises?|upward|looks? up|towers?)\b/i.test(action)) return 'low angle, slow tilt up';
  return shotIndex % 2 === 1 ? 'medium shot, slow push-in' : 'medium wide shot, slow pull-out';
}

/** `a young keeper in a yellow raincoat` → `['young keeper', 'yellow raincoat']`. */
export function traitsOf(description: string): string[] {
  return description
    .split(/,|;|\band\b|\bin\b|\bwith\b|\bwearing\b/i)
    .map((part) => tidy(part.replace(/^\s*(a|an|the|his|her|their)\s+/i, '')))
    .filter((part) => part.length > 0)
    .slice(0, 4);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

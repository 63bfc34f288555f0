/** A scene of the film as it was, for matching the script's units to the ids they had. */
export interface KnownScene {
  id: string;
  /** `ScriptUnit.hash` of the text it was written from. */
  hash: string;
  heading: string | undefined;
}

/**
 * Gives each unit of the edited script the id its scene had, so an edit elsewhere does not rename
 * (and so remake) the scenes around it:
 * 1. units whose text is unchanged keep their id, matched in order (a longest common subsequence
 *    of the hashes, so moving a scene counts as removing and adding it);
 * 2. between two such anchors, the changed units take the ids of the old scenes there, first those
 *    with the same heading, then in order;
 * 3. a unit whose text is that of a scene cut earlier (`cut`) takes that scene's id back;
 * 4. anything left is new and gets the next free number (`scene_{n}`), never an id used before.
 * Returns one id per unit, in order.
 */
export function assignSceneIds(units: readonly { hash: string; heading: string | undefined }[], known: readonly KnownScene[], cut: readonly KnownScene[] = []): string[] {
  const ids: (string | undefined)[] = units.map(() => undefined);
  const anchors = commonSubsequence(units.map((candidate) => candidate.hash), known.map((scene) => scene.hash));
  for (const [unitIndex, knownIndex] of anchors) ids[unitIndex] = known[knownIndex]!.id;

  const bounds: [number, number][] = [[-1, -1], ...anchors, [units.length, known.length]];
  for (let gap = 0; gap + 1 < bounds.length; gap++) {
    const [unitFrom, knownFrom] = bounds[gap]!;
    const [unitTo, knownTo] = bounds[gap + 1]!;
    const freeUnits = range(unitFrom + 1, unitTo);
    const freeKnown = range(knownFrom + 1, knownTo);
    for (const unitIndex of freeUnits) {
      const sameHeading = freeKnown.findIndex((knownIndex) => known[knownIndex]!.heading !== undefined && known[knownIndex]!.heading === units[unitIndex]!.heading);
      if (sameHeading !== -1) ids[unitIndex] = known[freeKnown.splice(sameHeading, 1)[0]!]!.id;
    }
    for (const unitIndex of freeUnits) {
      if (ids[unitIndex] === undefined && freeKnown.length > 0) ids[unitIndex] = known[freeKnown.shift()!]!.id;
    }
  }

  // A scene cut earlier and put back word for word is that scene again (its jobs come back unpaid).
  const taken = new Set(ids.filter((id): id is string => id !== undefined));
  for (const [index, unit] of units.entries()) {
    if (ids[index] !== undefined) continue;
    const restored = cut.find((scene) => scene.hash === unit.hash && !taken.has(scene.id));
    if (restored) {
      ids[index] = restored.id;
      taken.add(restored.id);
    }
  }
  let next = Math.max(0, ...[...known, ...cut].map((scene) => Number(/^scene_(\d+)$/.exec(scene.id)?.[1] ?? 0))) + 1;
  return ids.map((id) => id ?? `scene_${next++}`);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, offset) => from + offset);
}

/** Index pairs of a longest common subsequence of `a` and `b`, in order. */
function commonSubsequence(a: readonly string[], b: readonly string[]): [number, number][] {
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

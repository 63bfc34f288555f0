import { createHash } from 'node:crypto';

/** A stable 32-bit number for a string (first 4 bytes of its SHA-256). */
export function hash32(value: string): number {
  return createHash('sha256').update(value).digest().readUInt32BE(0);
}

/** Hex SHA-256 of bytes or text, used to name cached files by their content. */
export function sha256Hex(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A small deterministic random source (mulberry32) seeded from a string. */
export function createRandom(seed: string): () => number {
  let state = hash32(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks an element from a non-empty list with a number in [0, 1). */
export function pick<T>(items: readonly T[], unit: number): T {
  return items[Math.min(items.length - 1, Math.floor(unit * items.length))]!;
}

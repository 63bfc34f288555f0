import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 of a file's bytes. */
export async function fileChecksum(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The first 16 hex digits of the SHA-256 of the parts joined: what names a work file after what it is
 * made from, so a file already there for the same inputs is the one wanted.
 */
export function contentKey(parts: readonly (string | number | boolean)[]): string {
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 16);
}

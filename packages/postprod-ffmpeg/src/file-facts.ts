import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { temporaryPath } from '@cinema/core';
import { fileChecksum } from './content-key.js';

/** What the editor learnt about its input files, kept in the work folder between renders. */
export interface FileFacts {
  /** SHA-256 of the file's bytes, read again only when its size or modification time changed. */
  checksum(file: string): Promise<string>;
  /** Writes what was learnt about the files asked about since it was opened (`files.json` in the work folder); the others are forgotten. */
  save(): Promise<void>;
}

interface Fact {
  size: number;
  mtimeMs: number;
  checksum?: string;
}

/** Changes whenever what a fact holds changes, so an old file is read again from the inputs. */
const factsVersion = 2;

/**
 * Opens the facts kept in `workDir`: a render of a film of a thousand clips and lines, most of them
 * unchanged since the last render, reads only the changed ones (a stat each for the rest).
 */
export async function openFileFacts(workDir: string): Promise<FileFacts> {
  const file = path.join(path.resolve(workDir), 'files.json');
  let facts = new Map<string, Fact>();
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { version?: number; files?: Record<string, Fact> };
    if (saved.version === factsVersion && saved.files != null) facts = new Map(Object.entries(saved.files));
  } catch {
    // Nothing kept yet, or a file cut short: learn it all again.
  }
  const pending = new Map<string, Promise<Fact>>();
  /** The file's fact as it is now: the kept one when size and modification time are the same. */
  const current = (name: string) => {
    let fact = pending.get(name);
    if (fact == null) {
      fact = stat(name).then((info) => {
        const kept = facts.get(name);
        const fresh = kept != null && kept.size === info.size && kept.mtimeMs === info.mtimeMs ? kept : { size: info.size, mtimeMs: info.mtimeMs };
        facts.set(name, fresh);
        return fresh;
      });
      pending.set(name, fact);
    }
    return fact;
  };
  return {
    async checksum(input) {
      const fact = await current(path.resolve(input));
      fact.checksum ??= await fileChecksum(input);
      return fact.checksum;
    },
    async save() {
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = temporaryPath(file);
      const asked = [...facts].filter(([name]) => pending.has(name));
      await writeFile(temporary, JSON.stringify({ version: factsVersion, files: Object.fromEntries(asked) }), 'utf8');
      await rename(temporary, file);
    },
  };
}

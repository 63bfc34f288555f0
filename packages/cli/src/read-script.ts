import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { InvalidInputError } from '@cinema/core';

/** Reads a script file; missing, empty or binary files get an error that names the file. */
export async function readScript(path: string, cwd: string): Promise<{ text: string; name: string; path: string }> {
  const absolute = resolve(cwd, path);
  let info;
  try {
    info = await stat(absolute);
  } catch {
    throw new InvalidInputError({ message: `Script ${absolute} does not exist. Check the path, or try examples/scripts/the-lighthouse.fountain.` });
  }
  if (info.isDirectory()) throw new InvalidInputError({ message: `Script ${absolute} is a directory: give a .fountain or .txt file.` });
  const bytes = await readFile(absolute);
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') {
    throw new InvalidInputError({ message: `Script ${absolute} is empty: write at least one scene (e.g. "INT. KITCHEN - DAY" and some action).` });
  }
  if (bytes.includes(0)) {
    throw new InvalidInputError({ message: `Script ${absolute} looks like a binary file, not text: give a Fountain (.fountain) or plain-text script.` });
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  const replaced = (text.match(/\uFFFD/g) ?? []).length;
  if (replaced > Math.max(3, text.length / 100)) {
    throw new InvalidInputError({ message: `Script ${absolute} is not UTF-8 text (${replaced} undecodable bytes): save it as UTF-8.` });
  }
  return { text, name: basename(absolute), path: absolute };
}

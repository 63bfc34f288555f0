import { writeFile } from 'node:fs/promises';

/**
 * Writes a list for ffmpeg's concat demuxer (`-f concat -safe 0 -i list`), which opens the files one
 * after another, so joining any number of them keeps one file open at a time. Returns `list`.
 */
export async function concatList(list: string, files: readonly string[]): Promise<string> {
  await writeFile(list, files.map((file) => `file '${file.replace(/'/g, "'\\''")}'\n`).join(''), 'utf8');
  return list;
}

import { mkdir, rename, writeFile } from 'node:fs/promises';
import { temporaryPath } from '@cinema/core';
import path from 'node:path';
import type { SubtitleCue } from './timeline.js';

/** `HH:MM:SS,mmm` as SubRip writes it. */
export function formatSrtTime(seconds: number): string {
  const total = Math.max(0, Math.round(seconds * 1000));
  const milliseconds = total % 1000;
  const wholeSeconds = Math.floor(total / 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(Math.floor(wholeSeconds / 3600))}:${pad(Math.floor(wholeSeconds / 60) % 60)}:${pad(wholeSeconds % 60)},${pad(milliseconds, 3)}`;
}

/**
 * Writes cues as a SubRip (`.srt`) document. The text is kept as written; line breaks become LF and
 * blank lines inside a cue are dropped, because a blank line ends a cue in SubRip.
 */
export function formatSrt(cues: readonly SubtitleCue[]): string {
  return cues
    .map((cue, index) => {
      const text = cue.text
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .join('\n');
      return `${index + 1}\n${formatSrtTime(cue.start)} --> ${formatSrtTime(cue.end)}\n${text}\n`;
    })
    .join('\n');
}

/** Writes cues to a `.srt` file (UTF-8), through a temporary file in the same folder and a rename. */
export async function writeSrtFile(file: string, cues: readonly SubtitleCue[]): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = temporaryPath(file);
  await writeFile(temporary, formatSrt(cues), 'utf8');
  await rename(temporary, file);
}

import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatSrt, formatSrtTime, writeSrtFile } from './srt.js';

describe('formatSrt', () => {
  it('formats times as HH:MM:SS,mmm', () => {
    expect(formatSrtTime(0)).toBe('00:00:00,000');
    expect(formatSrtTime(3.0199999)).toBe('00:00:03,020');
    expect(formatSrtTime(3723.5)).toBe('01:02:03,500');
  });

  it('numbers cues, keeps text as written and drops blank lines inside a cue', () => {
    const srt = formatSrt([
      { start: 1.3, end: 3.02, text: '"quotes", 100% \\back\\slash {braces} <i>\r\nline 2' },
      { start: 3.02, end: 4.52, text: 'a\n\nb 日本語' },
    ]);
    expect(srt).toBe(
      '1\n00:00:01,300 --> 00:00:03,020\n"quotes", 100% \\back\\slash {braces} <i>\nline 2\n\n2\n00:00:03,020 --> 00:00:04,520\na\nb 日本語\n',
    );
  });

  it('writes the file in place, leaving no temporary file', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'srt-'));
    try {
      const file = path.join(directory, 'out', 'film.srt');
      await writeSrtFile(file, [{ start: 0, end: 1.5, text: 'Hello' }]);
      expect(await readFile(file, 'utf8')).toBe('1\n00:00:00,000 --> 00:00:01,500\nHello\n');
      expect(await readdir(path.dirname(file))).toEqual(['film.srt']);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

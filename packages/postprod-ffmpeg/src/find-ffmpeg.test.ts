import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CinemaError } from '@cinema/core';
import { findFfmpeg, parseList } from './find-ffmpeg.js';
import { hasSystemFfmpeg, npmBinaries, systemBinaries } from './test-media.test-helper.js';

const savedEnv = { FFMPEG_PATH: process.env.FFMPEG_PATH, FFPROBE_PATH: process.env.FFPROBE_PATH, PATH: process.env.PATH };
afterEach(() => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value == null) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('findFfmpeg', () => {
  it('reads the npm-shipped build: 2018, libx264 + aac, drawtext, loudnorm, tpad, no xfade', async () => {
    const installation = await findFfmpeg(npmBinaries);
    expect(installation.source).toBe('config');
    expect(installation.ffmpegPath).toBe(npmBinaries.ffmpegPath);
    expect(installation.version).toMatch(/^N-47683/);
    expect([...installation.encoders]).toEqual(expect.arrayContaining(['libx264', 'aac']));
    for (const filter of ['drawtext', 'subtitles', 'loudnorm', 'tpad', 'amix', 'adelay', 'overlay']) expect(installation.hasFilter(filter)).toBe(true);
    expect(installation.hasFilter('xfade')).toBe(false);
    expect(await findFfmpeg(npmBinaries)).toBe(installation);
  });

  it('falls back to the npm binaries when nothing is configured and PATH has no ffmpeg', async () => {
    delete process.env.FFMPEG_PATH;
    delete process.env.FFPROBE_PATH;
    process.env.PATH = '/nonexistent';
    const installation = await findFfmpeg();
    expect(installation.source).toBe('npm');
    expect(installation.ffmpegPath).toBe(npmBinaries.ffmpegPath);
    expect(installation.ffprobePath).toBe(npmBinaries.ffprobePath);
  });

  it('uses FFMPEG_PATH before PATH', async () => {
    process.env.FFMPEG_PATH = npmBinaries.ffmpegPath;
    process.env.FFPROBE_PATH = npmBinaries.ffprobePath;
    const installation = await findFfmpeg();
    expect(installation.source).toBe('env');
    expect(installation.ffmpegPath).toBe(npmBinaries.ffmpegPath);
  });

  it('rejects a bogus FFMPEG_PATH with a config error naming the path and what to do', async () => {
    process.env.FFMPEG_PATH = '/nowhere/bin/ffmpeg';
    const error = await findFfmpeg().catch((caught: unknown) => caught);
    expect(CinemaError.isInstance(error)).toBe(true);
    expect((error as CinemaError).category).toBe('config');
    expect((error as Error).message).toContain('FFMPEG_PATH to "/nowhere/bin/ffmpeg", which is not an executable file');
    expect((error as Error).message).toContain('install ffmpeg');
  });

  it('rejects a file that is not an ffmpeg', async () => {
    const error = await findFfmpeg({ ffmpegPath: '/bin/false', ffprobePath: npmBinaries.ffprobePath }).catch((caught: unknown) => caught);
    expect((error as CinemaError).category).toBe('config');
    expect((error as Error).message).toContain('Cannot run "/bin/false -hide_banner -version"');
  });

  it.skipIf(!hasSystemFfmpeg)('finds the system ffmpeg on PATH (runs where a system ffmpeg is installed)', async () => {
    delete process.env.FFMPEG_PATH;
    delete process.env.FFPROBE_PATH;
    process.env.PATH = path.dirname(systemBinaries.ffmpegPath);
    const installation = await findFfmpeg();
    expect(installation.source).toBe('path');
    expect(installation.ffmpegPath).toBe(systemBinaries.ffmpegPath);
    expect(installation.hasFilter('xfade')).toBe(true);
  });
});

describe('a build that cannot edit', () => {
  it('is a config error that lists what it lacks and says what to do', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'old-ffmpeg-'));
    const fake = path.join(directory, 'ffmpeg');
    // Answers like an ffmpeg built without libx264, aac and most filters.
    await writeFile(
      fake,
      '#!/bin/sh\ncase "$2" in\n  -version) echo "ffmpeg version 2.8-old";;\n  -filters) echo " ... scale             V->V       Scale.";;\n  -encoders) echo " V..... mpeg4                MPEG-4";;\nesac\n',
    );
    await chmod(fake, 0o755);
    try {
      const error = await findFfmpeg({ ffmpegPath: fake, ffprobePath: npmBinaries.ffprobePath }).catch((caught: unknown) => caught);
      expect((error as CinemaError).category).toBe('config');
      expect((error as Error).message).toContain(`The ffmpeg at "${fake}" (version 2.8-old, from the ffmpegPath option) cannot edit films: it lacks encoder libx264, encoder aac, filter pad,`);
      expect((error as Error).message).toContain('Set FFMPEG_PATH');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('parseList', () => {
  it('reads filter and encoder names', () => {
    const filters = parseList(' T.. adelay            A->A       Delay one or more audio channels.\n ... anullsrc          |->A       Null audio source.\n TSC xfade             VV->V      Cross fade.\n', 'filters');
    expect([...filters]).toEqual(['adelay', 'anullsrc', 'xfade']);
    const encoders = parseList(' V....D libx264              libx264 H.264\n A....D aac                  AAC (Advanced Audio Coding)\n ------\n', 'encoders');
    expect([...encoders]).toEqual(['libx264', 'aac']);
  });
});

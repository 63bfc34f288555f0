import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AssetCheck } from '@cinema/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFfmpegAssetChecker } from './asset-checker.js';
import { findFfmpeg } from './find-ffmpeg.js';

const run = promisify(execFile);
let dir: string;
let ffmpeg: string;
const file = (name: string) => join(dir, name);

/** Makes a test file with ffmpeg's own sources (lavfi). */
async function make(name: string, args: string[]) {
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args, file(name)]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cinema-checks-'));
  ffmpeg = (await findFfmpeg()).ffmpegPath;
  await make('moving.mp4', ['-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=24:duration=3', '-pix_fmt', 'yuv420p', '-c:v', 'libx264']);
  await make('black.mp4', ['-f', 'lavfi', '-i', 'color=c=black:size=320x180:rate=24:duration=3', '-pix_fmt', 'yuv420p', '-c:v', 'libx264']);
  await make('still.png', ['-f', 'lavfi', '-i', 'testsrc=size=320x180:duration=1', '-frames:v', '1']);
  await make('frozen.mp4', ['-loop', '1', '-i', file('still.png'), '-t', '3', '-r', '24', '-pix_fmt', 'yuv420p', '-c:v', 'libx264']);
  await make('square.png', ['-f', 'lavfi', '-i', 'testsrc=size=320x320:duration=1', '-frames:v', '1']);
  await make('grey.png', ['-f', 'lavfi', '-i', 'color=c=gray:size=320x180:duration=1', '-frames:v', '1']);
  await make('speech.wav', ['-f', 'lavfi', '-i', 'sine=frequency=300:duration=1.5', '-af', 'volume=0.5']);
  await make('silent.wav', ['-f', 'lavfi', '-i', 'anullsrc=r=22050:cl=mono', '-t', '1.5']);
  await make('clipped.wav', ['-f', 'lavfi', '-i', 'sine=frequency=300:duration=1.5', '-af', 'volume=20']);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const checker = createFfmpegAssetChecker();
const failed = (checks: AssetCheck[]) => checks.filter((check) => !check.passed).map((check) => check.name);

describe('ffmpeg asset checks', () => {
  it('passes a good still and a good clip that moves', async () => {
    expect(failed(await checker.check({ kind: 'image', path: 'still.png', aspectRatio: '16:9' }, { absolutePath: file('still.png') }))).toEqual([]);
    const checks = await checker.check({ kind: 'video', path: 'moving.mp4', durationSeconds: 3, moves: true }, { absolutePath: file('moving.mp4') });
    expect(failed(checks)).toEqual([]);
    expect(checks.map((check) => check.name)).toEqual(['decodes', 'duration', 'black frames', 'frozen']);
  });

  it('fails a still of the wrong shape, and a blank one', async () => {
    expect(failed(await checker.check({ kind: 'image', path: 'square.png', aspectRatio: '16:9' }, { absolutePath: file('square.png') }))).toEqual(['size']);
    expect(failed(await checker.check({ kind: 'image', path: 'grey.png', aspectRatio: '16:9' }, { absolutePath: file('grey.png') }))).toEqual(['blank']);
  });

  it('fails a black clip, a frozen one when the shot moves, and a clip of the wrong length', async () => {
    const black = await checker.check({ kind: 'video', path: 'black.mp4', durationSeconds: 3, moves: false }, { absolutePath: file('black.mp4') });
    expect(failed(black)).toEqual(['black frames']);
    expect(black.find((check) => check.name === 'black frames')!.detail).toMatch(/black from 0\.0 s to 3\.0 s/);
    expect(failed(await checker.check({ kind: 'video', path: 'frozen.mp4', durationSeconds: 3, moves: true }, { absolutePath: file('frozen.mp4') }))).toEqual(['frozen']);
    // A static shot may stand still.
    expect(failed(await checker.check({ kind: 'video', path: 'frozen.mp4', durationSeconds: 3, moves: false }, { absolutePath: file('frozen.mp4') }))).toEqual([]);
    expect(failed(await checker.check({ kind: 'video', path: 'moving.mp4', durationSeconds: 8, moves: true }, { absolutePath: file('moving.mp4') }))).toEqual(['duration']);
  });

  it('fails a silent line, a clipped one, and one far too short for its words', async () => {
    expect(failed(await checker.check({ kind: 'audio', path: 'speech.wav', text: 'Keep the light burning.' }, { absolutePath: file('speech.wav') }))).toEqual([]);
    expect(failed(await checker.check({ kind: 'audio', path: 'silent.wav', text: 'Keep the light burning.' }, { absolutePath: file('silent.wav') }))).toEqual(['silent']);
    expect(failed(await checker.check({ kind: 'audio', path: 'clipped.wav', text: 'Keep the light burning.' }, { absolutePath: file('clipped.wav') }))).toEqual(['clipped']);
    const long = 'word '.repeat(60);
    expect(failed(await checker.check({ kind: 'audio', path: 'speech.wav', text: long }, { absolutePath: file('speech.wav') }))).toEqual(['length']);
  });

  it('names a file that does not decode', async () => {
    const checks = await checker.check({ kind: 'video', path: 'missing.mp4', durationSeconds: 3, moves: false }, { absolutePath: file('missing.mp4') });
    expect(checks).toEqual([{ name: 'decodes', passed: false, detail: expect.stringContaining('ffmpeg cannot read it') }]);
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFfmpeg } from '@cinema/postprod-ffmpeg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMp3 } from './mp3.js';
import { tinyMp4 } from './mp4.js';
import { createPng } from './png.js';
import { createWav } from './wav.js';

const run = promisify(execFile);
let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'test-server-media-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

interface Probe {
  streams: { codec_type: string; codec_name: string; width?: number; height?: number; sample_rate?: string }[];
  format: { duration?: string };
}

/** What ffprobe, as users get it, reads from the bytes. */
async function probe(name: string, bytes: Uint8Array): Promise<Probe> {
  const file = join(directory, name);
  await writeFile(file, bytes);
  const { ffprobePath } = await findFfmpeg();
  const { stdout } = await run(ffprobePath, ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height,sample_rate:format=duration', '-of', 'json', file]);
  return JSON.parse(stdout) as Probe;
}

describe('media fixtures', () => {
  it('PNG: ffprobe reads the asked size, and a flat colour differs from the gradient', async () => {
    const { streams } = await probe('picture.png', createPng(320, 180));
    expect(streams[0]).toMatchObject({ codec_name: 'png', width: 320, height: 180 });
    expect(createPng(8, 8, [255, 0, 0])).not.toEqual(createPng(8, 8));
    expect(createPng(8, 8, [255, 0, 0])).toEqual(createPng(8, 8, [255, 0, 0]));
  });

  it('WAV: ffprobe reads PCM at the asked rate and length', async () => {
    const result = await probe('tone.wav', createWav(0.5, 16_000));
    expect(result.streams[0]).toMatchObject({ codec_name: 'pcm_s16le', sample_rate: '16000' });
    expect(Number(result.format.duration)).toBeCloseTo(0.5, 2);
    expect(createWav(1, 8000, 0).subarray(44).every((byte) => byte === 0)).toBe(true);
  });

  it('MP3: ffprobe reads 24 kHz MPEG audio of the asked length', async () => {
    const result = await probe('silence.mp3', createMp3(2));
    expect(result.streams[0]).toMatchObject({ codec_name: 'mp3', sample_rate: '24000' });
    expect(Number(result.format.duration)).toBeCloseTo(2, 1);
  });

  it('MP4: ffprobe reads a 1 s H.264 + AAC clip', async () => {
    const result = await probe('clip.mp4', tinyMp4());
    expect(result.streams.map((stream) => stream.codec_name)).toEqual(['h264', 'aac']);
    expect(result.streams[0]).toMatchObject({ width: 64, height: 36 });
    expect(Number(result.format.duration)).toBeCloseTo(1, 1);
  });
});

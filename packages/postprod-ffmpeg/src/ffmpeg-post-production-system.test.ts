import { readdir, readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostProductionEvent } from '@cinema/core';
import { createFfmpegPostProduction } from './ffmpeg-post-production.js';
import { findFfmpeg } from './find-ffmpeg.js';
import { probeMedia } from './probe.js';
import { createEditFixtures, type EditFixtures } from './edit-fixtures.test-helper.js';
import { grayFrame, hasSystemFfmpeg, npmBinaries, systemBinaries } from './test-media.test-helper.js';

let fixtures: EditFixtures;
let fontPath: string;
const request: EditFixtures['request'] = (name, overrides) => fixtures.request(name, overrides);

beforeAll(async () => {
  fixtures = await createEditFixtures();
  fontPath = fixtures.fontPath;
});

afterAll(async () => {
  await fixtures.cleanup();
});

// title 25 frames + 50 + 50 + 38 frames, minus a 12-frame crossfade and a 12-frame fade to black
const expectedDuration = (25 + 50 + 50 + 38 - 24) / 25;
const expectedSrt =
  '1\n00:00:01,300 --> 00:00:03,020\n"quotes", colon: comma, 100% \\back\\slash [brackets] newline\nemoji 🎬 日本語 العربية\n\n' +
  '2\n00:00:03,020 --> 00:00:04,520\nSecond line\n';

const brightPixels = (frame: Buffer) => frame.reduce((count, value) => count + (value > 200 ? 1 : 0), 0);

// The same edit on Debian's ffmpeg 5.1, which has xfade; skipped where it is not installed.
const variants = [{ label: 'system ffmpeg (xfade)', binaries: systemBinaries, skip: !hasSystemFfmpeg }];

describe.each(variants)('edit with the $label', ({ label, binaries, skip }) => {
  const slug = label.split(' ')[0]!;

  it.skipIf(skip)('renders crossfade + fade to black + cut, two lines, a title card and burned subtitles (runs where a system ffmpeg is installed)', async () => {
    const editor = createFfmpegPostProduction({ ...binaries, fontPath });
    const events: PostProductionEvent[] = [];
    const edit = request(`${slug}-full`);
    const result = await editor.render(edit, { onEvent: (event) => events.push(event) });

    expect(result.durationSeconds).toBeCloseTo(expectedDuration, 9);
    expect(result.warnings).toEqual([]);
    const info = await probeMedia(edit.outputPath, binaries);
    expect(info.video).toMatchObject({ codec: 'h264', width: 320, height: 180, frames: 139 });
    expect(info.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    expect(Math.abs(info.durationSeconds - expectedDuration)).toBeLessThanOrEqual(1 / 25 + 0.1);
    expect(await readFile(edit.subtitlesPath, 'utf8')).toBe(expectedSrt);
    expect((await readdir(path.dirname(edit.outputPath))).sort()).toEqual(['test_movie_final.mp4', 'test_movie_final.srt']);

    // The title card's text is drawn (white on black) with the font from the awkward path.
    expect(brightPixels(await grayFrame(edit.outputPath, 0.5, 320, 180))).toBeGreaterThan(100);
    // The first cue is burned in: its lower band differs from the same frame of the clip as a part normalises it.
    const clip = await fixtures.normalised(fixtures.media.a, 50);
    const burned = await grayFrame(edit.outputPath, 1.5, 320, 180);
    const unburned = await grayFrame(clip, 0.5, 320, 180);
    const band = (frame: Buffer) => frame.subarray(320 * 110, 320 * 170);
    const difference = band(burned).reduce((sum, value, index) => sum + Math.abs(value - band(unburned)[index]!), 0) / band(burned).length;
    expect(difference).toBeGreaterThan(15);
    const [outside, outsideClip] = [await grayFrame(edit.outputPath, 1.04, 320, 180), await grayFrame(clip, 0.04, 320, 180)];
    expect(band(outside).reduce((sum, value, index) => sum + Math.abs(value - band(outsideClip)[index]!), 0) / band(outside).length).toBeLessThan(5);

    const steps = events.filter((event) => event.type === 'step').map((event) => event.step);
    expect(steps).toEqual(['check inputs', 'title card', 'subtitles', 'render', 'verify']);
    expect(events.filter((event) => event.type === 'step').every((event) => event.total === 5)).toBe(true);
    expect(events.some((event) => event.type === 'progress' && event.step === 'render' && event.percent > 0)).toBe(true);
  });
});

it(`gives the same duration with the overlay/fade fallback forced on the ${hasSystemFfmpeg ? 'system' : 'npm'} ffmpeg and a music-only soundtrack`, async () => {
  const binaries = hasSystemFfmpeg ? systemBinaries : npmBinaries;
  const editor = createFfmpegPostProduction({ ...binaries, useXfade: false });
    const edit = request('fallback', { burnSubtitles: false, shots: request('x').shots.map((shot) => ({ ...shot, dialogue: [] })) });
    const result = await editor.render(edit, {});
    const info = await probeMedia(edit.outputPath, binaries);
    expect(result.durationSeconds).toBeCloseTo(expectedDuration, 9);
    expect(info.video?.frames).toBe(139);
    expect(info.audio?.codec).toBe('aac');
    expect(Math.abs(info.durationSeconds - expectedDuration)).toBeLessThanOrEqual(1 / 25 + 0.1);
    expect(await readFile(edit.subtitlesPath, 'utf8')).toBe('');
  });

it.skipIf(!hasSystemFfmpeg)('keeps two editors with different ffmpeg binaries apart when they render at once (runs where a system ffmpeg is installed)', async () => {
  const small = (name: string) => request(name, { titleCard: undefined, music: undefined, burnSubtitles: false, shots: request('x').shots.slice(2) });
  const [npmEdit, systemEdit] = [small('together-npm'), small('together-system')];
  await Promise.all([
    createFfmpegPostProduction(npmBinaries).render(npmEdit, {}),
    createFfmpegPostProduction(systemBinaries).render(systemEdit, {}),
  ]);
  const muxer = async (file: string) =>
    (await promisify(execFile)(npmBinaries.ffprobePath, ['-v', 'error', '-show_entries', 'format_tags=encoder', '-of', 'default=nw=1:nk=1', file])).stdout.trim();
  const [npmVersion, systemVersion] = await Promise.all([findFfmpeg(npmBinaries), findFfmpeg(systemBinaries)]);
  expect(npmVersion.version).not.toBe(systemVersion.version);
  // Each film was muxed by its own build's libavformat (58.x in the 2018 npm build, 59.x in 5.1).
  expect(await muxer(npmEdit.outputPath)).toMatch(/^Lavf58\./);
  expect(await muxer(systemEdit.outputPath)).toMatch(/^Lavf59\./);
});

import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFfmpeg } from '@cinema/postprod-ffmpeg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import { cinema, createProjectDir, jobsOf, madeKeys } from '../test-helpers.js';

let cwd: string;
let movieDir: string;
let ffmpeg: string;
/** Makes a test file with ffmpeg from a lavfi source: `make('clip.mp4', 'testsrc=size=320x180:rate=12', '-t', '5')`. */
const make = (name: string, source: string, ...options: string[]) => execFileSync(ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, ...options, join(cwd, name)]);

beforeAll(async () => {
  cwd = createProjectDir('replace');
  movieDir = join(cwd, 'output', 'tiny');
  ffmpeg = (await findFfmpeg()).ffmpegPath;
  writeFileSync(join(cwd, 'tiny.fountain'), 'INT. HALL - DAY\n\nANNA waits by the door.\n\nANNA\nThey are late.\n');
  make('wide.jpg', 'testsrc=size=640x360', '-frames:v', '1');
  make('square.png', 'testsrc=size=500x500', '-frames:v', '1');
  make('clip.mp4', 'testsrc=size=320x180:rate=12', '-t', '5', '-pix_fmt', 'yuv420p');
  make('short.mp4', 'testsrc=size=320x180:rate=12', '-t', '1', '-pix_fmt', 'yuv420p');
  make('tall.mov', 'testsrc=size=180x320:rate=12', '-t', '5', '-pix_fmt', 'yuv420p');
  make('line.wav', 'sine=frequency=440', '-t', '1.5');
  make('line.mp3', 'sine=frequency=330', '-t', '2');
  writeFileSync(join(cwd, 'notes.txt'), 'not a sound at all\n');
  expect((await cinema(['generate', 'tiny.fountain', '--id', 'tiny'], { cwd })).code).toBe(0);
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Every job's take and checksums, and the film's bytes: what a refused file must leave as it was. */
const snapshot = async () => ({
  jobs: (await jobsOf('tiny', cwd)).map((job) => `${job.key} ${job.take} ${job.outputs.map((output) => output.sha256).join(',')}`),
  film: readFileSync(join(movieDir, 'output', 'tiny_final.mp4')).length,
});
const job = async (key: string) => (await jobsOf('tiny', cwd)).find((candidate) => candidate.key === key)!;

/** Runs a replace that must be refused: exit code 2, the message, and nothing changed. */
async function refused(key: string, file: string, message: string) {
  const before = await snapshot();
  const run = await cinema(['replace', 'tiny', key, '--file', file], { cwd });
  expect(run.code, run.stderr).toBe(exitCodes.input);
  expect(run.stderr).toBe(`error ${message}\n`);
  expect(run.stdout).toBe('');
  expect(await snapshot()).toEqual(before);
}

describe('cinema replace refuses a wrong file before anything changes', () => {
  it('a still of the wrong shape, or not a still, for a keyframe', async () => {
    await refused(
      'keyframe:scene_1:shot_1:first_frame',
      'square.png',
      `Refused ${join(cwd, 'square.png')}: it is a PNG image of 500x500, but keyframe:scene_1:shot_1:first_frame needs a still in the film's 16:9 shape, e.g. 320x180 (2% either way). Nothing was changed.`,
    );
    await refused(
      'keyframe:scene_1:shot_1:first_frame',
      'clip.mp4',
      `Refused ${join(cwd, 'clip.mp4')}: it is an MP4 clip of 320x180, 5.0 s, but keyframe:scene_1:shot_1:first_frame needs a still: a PNG or JPEG image. Nothing was changed.`,
    );
  });

  it("a character sheet not of the sheet's shape", async () => {
    await refused(
      'character:char_1:front',
      'wide.jpg',
      `Refused ${join(cwd, 'wide.jpg')}: it is a JPEG image of 640x360, but character:char_1:front needs a still in the shape of the sheet it replaces, 720x720 (2% either way). Nothing was changed.`,
    );
  });

  it('a clip shorter than its shot, of the wrong shape, or a picture, for a video job', async () => {
    await refused(
      'video:scene_1:shot_1',
      'short.mp4',
      `Refused ${join(cwd, 'short.mp4')}: it is an MP4 clip of 320x180, 1.0 s, but video:scene_1:shot_1 needs a clip of at least 3.9 s: its shot lasts 4.0 s. Nothing was changed.`,
    );
    await refused(
      'video:scene_1:shot_1',
      'tall.mov',
      `Refused ${join(cwd, 'tall.mov')}: it is a MOV clip of 180x320, 5.0 s, but video:scene_1:shot_1 needs a clip in the film's 16:9 shape, e.g. 320x180 (2% either way). Nothing was changed.`,
    );
    await refused(
      'video:scene_1:shot_1',
      'wide.jpg',
      `Refused ${join(cwd, 'wide.jpg')}: it is a JPEG image of 640x360, but video:scene_1:shot_1 needs a clip: an MP4 or MOV video. Nothing was changed.`,
    );
  });

  it('anything but a sound for a line, a missing file, and a job no file can stand for', async () => {
    await refused(
      'speech:scene_1:line_1',
      'notes.txt',
      `Refused ${join(cwd, 'notes.txt')}: it is a text file, but speech:scene_1:line_1 needs a line of speech: a WAV or MP3 sound. Nothing was changed.`,
    );
    await refused(
      'speech:scene_1:line_1',
      'clip.mp4',
      `Refused ${join(cwd, 'clip.mp4')}: it is an MP4 clip of 320x180, 5.0 s, but speech:scene_1:line_1 needs a line of speech: a WAV or MP3 sound. Nothing was changed.`,
    );
    await refused('speech:scene_1:line_1', 'nowhere.wav', `The file ${join(cwd, 'nowhere.wav')} does not exist: give the picture, clip or sound to use.`);
    await refused('edit', 'clip.mp4', 'Job edit makes 2 files: a file of yours can take the place of a finished still, clip or line.');
    await refused('screenplay', 'clip.mp4', 'Job screenplay makes screenplay.json, not a still, a clip or a line: only those can be replaced.');
    await refused('video:scene_9:shot_1', 'clip.mp4', 'No job video:scene_9:shot_1 in movie tiny: see `cinema jobs tiny` for the keys.');
  });
});

describe("cinema replace puts the user's file in the job's place; what is made from it follows", () => {
  it('a JPEG still of the film\'s shape for a keyframe, stored as a PNG; the clip and the edit follow', async () => {
    const run = await cinema(['replace', 'tiny', 'keyframe:scene_1:shot_1:first_frame', '--file', 'wide.jpg'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Using ${join(cwd, 'wide.jpg')} \\(as a PNG\\) for keyframe:scene_1:shot_1:first_frame; the model's takes are kept\\.\\n`));
    expect(madeKeys(run.stdout)).toEqual(['edit', 'video:scene_1:shot_1']);
    const still = readFileSync(join(movieDir, 'images', 'scene_1_first_frame.png'));
    expect(still.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([still.readUInt32BE(16), still.readUInt32BE(20)]).toEqual([640, 360]);
    expect(await job('keyframe:scene_1:shot_1:first_frame')).toMatchObject({ take: 2, result: { convertedFrom: join(cwd, 'wide.jpg') } });
  });

  it("a square PNG for a character's front sheet; the other sheets, keyframes and clip drawn from it follow", async () => {
    const run = await cinema(['replace', 'tiny', 'character:char_1:front', '--file', 'square.png'], { cwd });
    expect(run.code).toBe(0);
    expect(madeKeys(run.stdout)).toEqual([
      'character:char_1:full_body',
      'character:char_1:side',
      'edit',
      'keyframe:scene_1:shot_1:first_frame',
      'keyframe:scene_1:shot_1:last_frame',
      'video:scene_1:shot_1',
    ]);
  });

  it('a clip as long as its shot for a video job; the edit follows', async () => {
    const run = await cinema(['replace', 'tiny', 'video:scene_1:shot_1', '--file', 'clip.mp4'], { cwd });
    expect(run.code).toBe(0);
    expect(madeKeys(run.stdout)).toEqual(['edit']);
    expect(await job('video:scene_1:shot_1')).toMatchObject({ result: { durationSeconds: 5, replacedFrom: join(cwd, 'clip.mp4') } });
  });

  it("a WAV or an MP3 for a line, with its duration for the edit", async () => {
    const wav = await cinema(['replace', 'tiny', 'speech:scene_1:line_1', '--file', 'line.wav'], { cwd });
    expect(wav.code).toBe(0);
    expect(madeKeys(wav.stdout)).toEqual(['edit']);
    expect((await job('speech:scene_1:line_1')).result).toMatchObject({ durationSeconds: 1.5 });
    const mp3 = await cinema(['replace', 'tiny', 'speech:scene_1:line_1', '--file', 'line.mp3'], { cwd });
    expect(mp3.code).toBe(0);
    const line = await job('speech:scene_1:line_1');
    expect(line.take).toBe(3);
    expect(line.result!.durationSeconds as number).toBeCloseTo(2, 1);
  });
});

import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EditRequest } from '@cinema/core';
import { defaultFontPath } from './edit-plan.js';
import { clipFilter } from './filter-graph.js';
import { ffmpeg } from './test-media.test-helper.js';

export const screenplayText = '"quotes", colon: comma, 100% \\back\\slash [brackets] newline\nemoji 🎬 日本語 العربية';
/** A directory name that needs every kind of filter-graph escaping. */
export const awkwardName = "work: [dir], it's 100%; ok";

export interface EditFixtures {
  root: string;
  media: Record<'a' | 'b' | 'c' | 'line1' | 'line2' | 'music' | 'empty' | 'corrupt', string>;
  /** The shipped font, copied under an awkward path so its escaping is exercised by real renders. */
  fontPath: string;
  request(name: string, overrides?: Partial<EditRequest>): EditRequest;
  /** `source` brought to `frames` frames of the requests' format as a part brings a clip (`clipFilter`), nearly losslessly: the picture a shot shows before anything is drawn on it. */
  normalised(source: string, frames: number): Promise<string>;
  cleanup(): Promise<void>;
}

/** Makes test clips and audio with ffmpeg's lavfi sources in a fresh temp dir. */
export async function createEditFixtures(): Promise<EditFixtures> {
  const root = await mkdtemp(path.join(tmpdir(), 'postprod-ffmpeg-'));
  const file = (name: string) => path.join(root, name);
  const media = {
    a: file('a.mp4'),
    b: file('b.mp4'),
    c: file('c.mp4'),
    line1: file('line1.wav'),
    line2: file('line2.m4a'),
    music: file('music.m4a'),
    empty: file('empty.mp4'),
    corrupt: file('corrupt.mp4'),
  };
  await Promise.all([
    ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', media.a),
    ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=1.5', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', media.b),
    ffmpeg('-f', 'lavfi', '-i', 'smptebars=size=200x200:rate=24:duration=3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', media.c),
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-ac', '1', '-ar', '22050', media.line1),
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=660:duration=0.8', '-c:a', 'aac', media.line2),
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=220:duration=1.3', '-c:a', 'aac', media.music),
  ]);
  await writeFile(media.empty, '');
  // The first 2 KiB of a real MP4 without its index: a truncated download.
  await writeFile(media.corrupt, (await readFile(media.a)).subarray(0, 2048));
  const fontPath = path.join(root, awkwardName, 'font.ttf');
  await mkdir(path.dirname(fontPath), { recursive: true });
  await cp(defaultFontPath(), fontPath);

  const request = (name: string, overrides: Partial<EditRequest> = {}): EditRequest => {
    const directory = path.join(root, name);
    return {
      movieId: 'test_movie',
      outputPath: path.join(directory, 'output', 'test_movie_final.mp4'),
      subtitlesPath: path.join(directory, 'output', 'test_movie_final.srt'),
      format: { width: 320, height: 180, fps: 25 },
      shots: [
        { sceneId: 'scene_1', shotId: 'shot_1', videoPath: media.a, durationSeconds: 2, transition: 'crossfade', dialogue: [{ audioPath: media.line1, text: screenplayText, speaker: 'Ada', offsetSeconds: 0.3 }] },
        { sceneId: 'scene_1', shotId: 'shot_2', videoPath: media.b, durationSeconds: 2, transition: 'fade_to_black', dialogue: [{ audioPath: media.line2, text: 'Second line', speaker: 'Bo', offsetSeconds: 0.5 }] },
        { sceneId: 'scene_2', shotId: 'shot_1', videoPath: media.c, durationSeconds: 1.5, transition: 'cut', dialogue: [] },
      ],
      titleCard: { title: 'The "Test": 100%', subtitle: 'a film', durationSeconds: 1 },
      music: { path: media.music, volume: 0.3 },
      burnSubtitles: true,
      workDir: path.join(directory, awkwardName, 'work'),
      ...overrides,
    };
  };
  const normalised = async (source: string, frames: number) => {
    const target = path.join(root, `normalised-${path.basename(source, path.extname(source))}-${frames}.mp4`);
    await ffmpeg('-i', source, '-vf', clipFilter(request('x').format, frames), '-frames:v', String(frames), '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '10', '-pix_fmt', 'yuv420p', target);
    return target;
  };
  return { root, media, fontPath, request, normalised, cleanup: () => rm(root, { recursive: true, force: true }) };
}

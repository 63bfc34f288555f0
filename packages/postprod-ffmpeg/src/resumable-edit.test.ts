import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CinemaError, EditRequest, PostProductionEvent } from '@cinema/core';
import { prepareEditPlan } from './edit-plan.js';
import { createFfmpegPostProduction } from './ffmpeg-post-production.js';
import { findFfmpeg } from './find-ffmpeg.js';
import { probeMedia } from './probe.js';
import { editIn, ffmpeg, loggingFfmpeg, npmBinaries } from './test-media.test-helper.js';

let root: string;
let clips: string[];
let lines: string[];
let otherLine: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'postprod-ffmpeg-resume-'));
  clips = ['testsrc', 'testsrc2', 'smptebars'].map((source) => path.join(root, `${source}.mp4`));
  // A voice of its own for every line, so no two chunks are alike.
  lines = Array.from({ length: 12 }, (_, index) => path.join(root, `line-${300 + 40 * index}.wav`));
  otherLine = path.join(root, 'line-1000.wav');
  await Promise.all([
    ...clips.map((clip) =>
      ffmpeg('-f', 'lavfi', '-i', `${path.basename(clip, '.mp4')}=size=320x180:rate=25:duration=1`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip),
    ),
    ...[...lines, otherLine].map((line) => ffmpeg('-f', 'lavfi', '-i', `sine=frequency=${path.basename(line, '.wav').slice(5)}:duration=0.6`, line)),
  ]);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Six scenes of two 1 s shots, a 0.6 s line in each shot, title and end cards, burned subtitles: 8 video parts and 8 audio chunks (the title's and the end's, both silent, are one file). */
function sixScenes(name: string): EditRequest {
  return editIn(path.join(root, name), 'resumed_movie', {
    shots: Array.from({ length: 12 }, (_, index) => ({
      sceneId: `scene_${Math.floor(index / 2) + 1}`,
      shotId: `shot_${(index % 2) + 1}`,
      videoPath: clips[index % clips.length]!,
      durationSeconds: 1,
      transition: index % 2 === 0 ? 'crossfade' : 'cut',
      dialogue: [{ audioPath: lines[index]!, text: `Line ${index + 1}`, speaker: 'Ada', offsetSeconds: 0.2 }],
    })),
    titleCard: { title: 'Resumed', durationSeconds: 1 },
    endCard: { title: 'End', durationSeconds: 1 },
    burnSubtitles: true,
  });
}

/** The kept parts and chunks: file name → inode and modification time (a file written again gets new ones). */
async function cache(edit: EditRequest): Promise<Map<string, string>> {
  const folder = path.join(edit.workDir, 'parts');
  const files = new Map<string, string>();
  for (const name of (await readdir(folder)).sort()) {
    const info = await stat(path.join(folder, name));
    files.set(name, `${info.ino}:${info.mtimeMs}`);
  }
  return files;
}

/** The ffmpeg runs that wrote a part (`video-`) or an audio chunk (`audio-`). */
const partRuns = (runs: readonly string[], kind: 'video' | 'audio') => runs.filter((run) => run.includes(`${path.sep}parts${path.sep}${kind}-`));

async function expectWholeFilm(edit: EditRequest): Promise<void> {
  const plan = await prepareEditPlan(edit, { installation: await findFfmpeg(npmBinaries) });
  await rm(plan.scratchDir, { recursive: true, force: true });
  const info = await probeMedia(edit.outputPath, npmBinaries);
  expect(info.video).toMatchObject({ codec: 'h264', width: 320, height: 180, frames: plan.timeline.totalFrames });
  expect(info.audio?.codec).toBe('aac');
  expect(Math.abs(info.durationSeconds - plan.timeline.durationSeconds)).toBeLessThanOrEqual(1 / 25 + 0.1);
}

describe('an edit that is stopped or changed', () => {
  it('stopped after some parts, run again, renders only the parts it had not finished', async () => {
    const logged = await loggingFfmpeg(path.join(root, 'logged-resume'));
    const editor = createFfmpegPostProduction({ ffmpegPath: logged.ffmpegPath, ffprobePath: logged.ffprobePath, concurrency: 2 });
    const edit = sixScenes('resume');
    const controller = new AbortController();
    const progress: string[] = [];
    const error = await editor
      .render(edit, {
        abortSignal: controller.signal,
        onEvent: (event: PostProductionEvent) => {
          if (event.type !== 'progress') return;
          progress.push(event.step);
          if (Number(/^render (\d+)\/\d+ parts$/.exec(event.step)?.[1] ?? 0) >= 5) controller.abort();
        },
      })
      .catch((caught: unknown) => caught);
    expect((error as CinemaError).category).toBe('cancelled');
    await expect(stat(edit.outputPath)).rejects.toThrow(/ENOENT/);
    expect(progress).toContain('render 5/16 parts');

    const finished = await cache(edit);
    // The render's own plan: its parts and chunks are what the work folder keeps.
    const plan = await prepareEditPlan(edit, { installation: await findFfmpeg(npmBinaries) });
    await rm(plan.scratchDir, { recursive: true, force: true });
    const wanted = new Set(plan.steps.filter((step) => step.kind === 'part' || step.kind === 'audio').map((step) => path.basename(step.target)));
    expect(wanted.size).toBeGreaterThan(finished.size);
    expect(finished.size).toBeGreaterThanOrEqual(4);
    for (const name of finished.keys()) expect(wanted.has(name)).toBe(true);
    // What a SIGKILL leaves: a half-written part under its temporary name, which is never taken for the part.
    const missing = [...wanted].find((name) => !finished.has(name) && name.startsWith('video-'))!;
    const leftover = path.join(edit.workDir, 'parts', `${missing}.4194000.partial`);
    await writeFile(leftover, 'half a part');

    const before = (await logged.runs()).length;
    await editor.render(edit, {});
    const runs = (await logged.runs()).slice(before);
    expect(partRuns(runs, 'video').length + partRuns(runs, 'audio').length).toBe(wanted.size - finished.size);
    await expectWholeFilm(edit);
    const after = await cache(edit);
    for (const [name, identity] of finished) expect(after.get(name)).toBe(identity);
    expect([...after.keys()].sort()).toEqual([...wanted].sort());
  });

  it('with one line of dialogue changed, mixes and encodes again only the audio chunk that holds it; with its text changed, renders again only the part that shows it', async () => {
    const logged = await loggingFfmpeg(path.join(root, 'logged-line'));
    const editor = createFfmpegPostProduction({ ffmpegPath: logged.ffmpegPath, ffprobePath: logged.ffprobePath });
    const edit = sixScenes('one-line');
    const events: PostProductionEvent[] = [];
    await editor.render(edit, { onEvent: (event) => events.push(event) });
    // Clips have no step of their own (each part normalises those it reads): the steps counted end with the last one.
    const steps = events.filter((event) => event.type === 'step');
    expect(steps.map((event) => event.step)).toEqual(['check inputs', 'title card', 'end card', 'subtitles', 'render', 'verify']);
    expect(steps.slice(1).map((event) => `${event.index}/${event.total}`)).toEqual(['1/6', '2/6', '3/6', '4/6', '5/6']);
    const first = await cache(edit);
    expect([...first.keys()].filter((name) => name.startsWith('video-'))).toHaveLength(8);

    // Scene 4's first line is spoken by another voice.
    const newVoice = structuredClone(edit);
    newVoice.shots[6]!.dialogue[0]!.audioPath = otherLine;
    let before = (await logged.runs()).length;
    await editor.render(newVoice, {});
    let runs = (await logged.runs()).slice(before);
    expect(partRuns(runs, 'audio')).toHaveLength(1);
    expect(partRuns(runs, 'video')).toHaveLength(0);
    await expectWholeFilm(newVoice);
    const second = await cache(newVoice);
    const changed = (from: Map<string, string>, to: Map<string, string>) => [...to].filter(([name, identity]) => from.get(name) !== identity).map(([name]) => name);
    expect(changed(first, second)).toEqual([expect.stringMatching(/^audio-/)]);
    // The old chunk is gone from the work folder: it holds one film's worth of parts.
    expect(second.size).toBe(first.size);

    // The same line says something else: its burned subtitle is in one part.
    const newWords = structuredClone(newVoice);
    newWords.shots[6]!.dialogue[0]!.text = 'Something else entirely';
    before = (await logged.runs()).length;
    await editor.render(newWords, {});
    runs = (await logged.runs()).slice(before);
    expect(partRuns(runs, 'video')).toHaveLength(1);
    expect(partRuns(runs, 'audio')).toHaveLength(0);
    expect(changed(second, await cache(newWords))).toEqual([expect.stringMatching(/^video-/)]);
    await expectWholeFilm(newWords);
  });
});

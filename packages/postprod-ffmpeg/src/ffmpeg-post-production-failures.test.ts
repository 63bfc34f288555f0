import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CinemaError } from '@cinema/core';
import { prepareEditPlan } from './edit-plan.js';
import { findFfmpeg } from './find-ffmpeg.js';
import { createFfmpegPostProduction } from './ffmpeg-post-production.js';
import { probeMedia } from './probe.js';
import { createEditFixtures, type EditFixtures } from './edit-fixtures.test-helper.js';
import { ffmpeg, loggingFfmpeg, npmBinaries } from './test-media.test-helper.js';

let fixtures: EditFixtures;
let media: EditFixtures['media'];
const request: EditFixtures['request'] = (name, overrides) => fixtures.request(name, overrides);

beforeAll(async () => {
  fixtures = await createEditFixtures();
  media = fixtures.media;
});

afterAll(async () => {
  await fixtures.cleanup();
});

describe('failures', () => {
  const editor = createFfmpegPostProduction(npmBinaries);

  it.each([
    ['empty', 'is empty (0 bytes)'],
    // Found when the part that reads it fails: only then are its clips probed.
    ['corrupt', 'is corrupt: ffprobe cannot read it'],
  ] as const)('a clip that is %s fails naming the file, the shot and the job to retry, and writes no film', async (kind, problem) => {
    const edit = request(`broken-${kind}`);
    edit.shots[1] = { ...edit.shots[1]!, videoPath: media[kind] };
    const error = await editor.render(edit, {}).catch((caught: unknown) => caught);
    expect(CinemaError.isInstance(error)).toBe(true);
    expect((error as CinemaError).category).toBe('input');
    expect((error as Error).message).toContain(`The video file ${media[kind]} of scene_1/shot_2 ${problem}`);
    expect((error as Error).message).toContain('cinema retry test_movie --job video:scene_1:shot_2');
    await expect(stat(edit.outputPath)).rejects.toThrow(/ENOENT/);
  });

  it('names the speech job of a broken dialogue file', async () => {
    const edit = request('broken-line');
    edit.shots[1]!.dialogue[0]!.audioPath = media.empty;
    await expect(editor.render(edit, {})).rejects.toThrow(`of scene_1/shot_2 (line 2, Bo) is empty (0 bytes). Make it again with \`cinema retry test_movie --job speech:scene_1:line_2\``);
  });

  it('names the speech job of a corrupt dialogue file, found when the render fails', async () => {
    const edit = request('corrupt-line', { titleCard: undefined, shots: request('x').shots.slice(0, 2) });
    edit.shots[0]!.dialogue[0]!.audioPath = media.corrupt;
    const error = await editor.render(edit, {}).catch((caught: unknown) => caught);
    expect((error as CinemaError).category).toBe('input');
    expect((error as Error).message).toContain(`The audio file ${media.corrupt} of scene_1/shot_1 (line 1, Ada) is corrupt: ffprobe cannot read it`);
    expect((error as Error).message).toContain('cinema retry test_movie --job speech:scene_1:line_1');
    expect(await readdir(path.dirname(edit.outputPath))).toEqual(['test_movie_final.srt']);
  });

  it('stops ffmpeg when aborted and leaves no output or partial file', async () => {
    const edit = request('aborted', { titleCard: undefined, shots: request('x').shots.slice(0, 1) });
    const controller = new AbortController();
    const error = await editor
      .render(edit, {
        abortSignal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'progress' && event.step === 'render') controller.abort();
        },
      })
      .catch((caught: unknown) => caught);
    expect((error as CinemaError).category).toBe('cancelled');
    expect(await readdir(path.dirname(edit.outputPath))).toEqual(['test_movie_final.srt']);
  });
});

describe('reuse and silence', () => {
  const editor = createFfmpegPostProduction(npmBinaries);

  it('renders a film whose scenes are alike, each alike part once', async () => {
    const logged = await loggingFfmpeg(path.join(fixtures.root, 'logged-alike'));
    const alike = createFfmpegPostProduction({ ffmpegPath: logged.ffmpegPath, ffprobePath: logged.ffprobePath });
    const scene = (index: number) => ({ sceneId: `scene_${index + 1}`, shotId: 'shot_1', videoPath: media.c, durationSeconds: 1, transition: 'cut' as const, dialogue: [] });
    const edit = request('alike', { titleCard: undefined, music: undefined, burnSubtitles: false, shots: [0, 1, 2].map(scene) });
    await alike.render(edit, {});
    expect((await probeMedia(edit.outputPath, npmBinaries)).video?.frames).toBe(75);
    // Scenes 1 and 2 (each with scene 2 or 3 to cut to) are one part; scene 3 ends the film.
    expect((await logged.runs()).filter((run) => run.includes(`${path.sep}parts${path.sep}video-`))).toHaveLength(2);
  });

  it('writes a silent AAC track when there is no dialogue and no music', async () => {
    const edit = request('silent', { titleCard: undefined, music: undefined, burnSubtitles: false, shots: [{ ...request('x').shots[2]!, dialogue: [] }] });
    await editor.render(edit, {});
    const info = await probeMedia(edit.outputPath, npmBinaries);
    expect(info.audio?.codec).toBe('aac');
    expect(Math.abs(info.durationSeconds - 1.52)).toBeLessThanOrEqual(1 / 25 + 0.1);
    const stderr = await ffmpeg('-i', edit.outputPath, '-map', '0:a', '-af', 'volumedetect', '-f', 'null', '-');
    expect(stderr).toMatch(/max_volume: -9\d\.\d dB/);
  });

  it('warns that the shipped font cannot draw Japanese or emoji unless a fontPath is given', async () => {
    const installation = await findFfmpeg(npmBinaries);
    const plan = await prepareEditPlan(request('font-warning'), { installation });
    expect(plan.warnings).toEqual([expect.stringContaining('does not cover and will show as boxes; set fontPath')]);
    const withFont = await prepareEditPlan(request('font-warning'), { installation, fontPath: fixtures.fontPath });
    expect(withFont.warnings).toEqual([]);
    // The text reaches ffmpeg only through files, never the graph.
    const graph = withFont.steps.map((step) => step.outputOptions.join(' ')).join('\n');
    expect(graph).toContain('textfile=');
    for (const fragment of ['quotes', 'colon', 'slash', 'brackets', '日本語', 'Second line', 'The "Test"']) expect(graph).not.toContain(fragment);
  });
});

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import { cinema, createPricedProjectDir, jobsOf, madeKeys } from '../test-helpers.js';

let cwd: string;
let movieDir: string;
beforeAll(async () => {
  cwd = createPricedProjectDir('redo');
  movieDir = join(cwd, 'output', 'tiny');
  writeFileSync(join(cwd, 'tiny.fountain'), 'INT. HALL - DAY\n\nANNA waits by the door.\n\nANNA\nThey are late.\n');
  expect((await cinema(['generate', 'tiny.fountain', '--id', 'tiny'], { cwd })).code).toBe(0);
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const checksum = (path: string) => createHash('sha256').update(readFileSync(join(movieDir, path))).digest('hex');
const job = async (key: string) => (await jobsOf('tiny', cwd)).find((candidate) => candidate.key === key)!;

describe('cinema redo', () => {
  it('shows the takes and their price, and without a terminal or --yes makes nothing', async () => {
    const before = await jobsOf('tiny', cwd);
    const run = await cinema(['redo', 'tiny', 'scene_1:shot_1', '--takes', '2', '--prompt', 'Anna paces by the door.'], { cwd });
    expect(run.code).toBe(exitCodes.input);
    expect(run.stdout).toBe(
      'tiny: redo the video of scene_1:shot_1, 2 new take(s) each\n' +
        '  video:scene_1:shot_1  2 × $0.50, take 1 in use now\n' +
        '  then made again from the last take: edit ($0.00)\n' +
        '  prompt: Anna paces by the door.\n' +
        '  total $1.00 estimated; earlier takes are kept.\n',
    );
    expect(run.stderr).toBe('error Nothing was made for scene_1:shot_1: pass --yes to make the take(s) above.\n');
    expect(await jobsOf('tiny', cwd)).toEqual(before);
  });

  it('with --yes makes the takes, keeps every earlier one, and the edit follows the last take once', async () => {
    const run = await cinema(['redo', 'tiny', 'scene_1:shot_1', '--takes', '2', '--prompt', 'Anna paces by the door.', '--yes'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(madeKeys(run.stdout)).toEqual(['edit', 'video:scene_1:shot_1', 'video:scene_1:shot_1']);
    // The redo holds the edit between its takes itself: that is not a review to tell anyone about.
    expect(run.stdout).not.toContain('waiting for review');
    expect(run.stdout).toContain('video:scene_1:shot_1: take 3 of 3 in use (takes 1, 2, 3); another with: cinema pick tiny video:scene_1:shot_1 <take>\n');
    for (const take of [1, 2]) expect(existsSync(join(movieDir, 'takes', 'video_scene_1_shot_1', `take_${take}`, 'videos', 'scene_1.mp4')), `take ${take}`).toBe(true);
    expect((await cinema(['jobs', 'tiny', '--stage', 'videos'], { cwd })).stdout).toMatch(/^video:scene_1:shot_1 +completed +attempts 1 +\$0\.00 +take 3 of 3$/m);
  });

  it('--what keyframes with a seed draws new stills; the clip and the edit are made from them', async () => {
    const first = checksum('images/scene_1_first_frame.png');
    const run = await cinema(['redo', 'tiny', 'scene_1:shot_1', '--what', 'keyframes', '--seed', '5', '--yes'], { cwd });
    expect(run.code).toBe(0);
    expect(madeKeys(run.stdout)).toEqual(['edit', 'keyframe:scene_1:shot_1:first_frame', 'keyframe:scene_1:shot_1:last_frame', 'video:scene_1:shot_1']);
    expect(checksum('images/scene_1_first_frame.png')).not.toBe(first);
    expect((await job('keyframe:scene_1:shot_1:first_frame')).take).toBe(2);
  });

  it('refuses what it cannot redo, naming it', async () => {
    const unknown = await cinema(['redo', 'tiny', 'scene_9:shot_1', '--yes'], { cwd });
    expect(unknown.code).toBe(exitCodes.input);
    expect(unknown.stderr).toContain('No video jobs for scene_9:shot_1 in movie tiny');
    const what = await cinema(['redo', 'tiny', 'scene_1', '--what', 'music'], { cwd });
    expect(what.code).toBe(exitCodes.input);
    expect(what.stderr).toContain("argument 'music' is invalid. Allowed choices are keyframes, video, speech.");
    const takes = await cinema(['redo', 'tiny', 'scene_1', '--takes', '0'], { cwd });
    expect(takes.code).toBe(exitCodes.input);
    expect(takes.stderr).toContain('give a whole number of 1 or more');
  });
});

describe('cinema pick', () => {
  it('puts an earlier take back: its file returns, nothing of it is made again, and what is made from it follows', async () => {
    const take1 = (await job('keyframe:scene_1:shot_1:first_frame')).takes.find((take) => take.take === 1) as unknown as { outputs: { sha256: string }[] };
    const run = await cinema(['pick', 'tiny', 'keyframe:scene_1:shot_1:first_frame', '1'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(madeKeys(run.stdout)).toEqual(['edit', 'video:scene_1:shot_1']);
    expect(checksum('images/scene_1_first_frame.png')).toBe(take1.outputs[0]!.sha256);
    expect(run.stdout).toContain('keyframe:scene_1:shot_1:first_frame: take 1 of 2 in use (takes 1, 2); another with: cinema pick tiny keyframe:scene_1:shot_1:first_frame <take>\n');
    // Picked again, the take in use is left as it is.
    expect(madeKeys((await cinema(['resume', 'tiny'], { cwd })).stdout)).toEqual([]);
  });

  it('refuses a take or a job that does not exist', async () => {
    const take = await cinema(['pick', 'tiny', 'keyframe:scene_1:shot_1:first_frame', '9'], { cwd });
    expect(take.code).toBe(exitCodes.input);
    expect(take.stderr).toBe('error Job keyframe:scene_1:shot_1:first_frame has no take 9: its takes are 1, 2.\n');
    const key = await cinema(['pick', 'tiny', 'keyframe:scene_9:shot_1:first_frame', '1'], { cwd });
    expect(key.code).toBe(exitCodes.input);
    expect(key.stderr).toContain('No job keyframe:scene_9:shot_1:first_frame in movie tiny');
  });
});

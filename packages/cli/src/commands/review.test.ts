import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadImage } from '@napi-rs/canvas';
import { findFfmpeg } from '@cinema/postprod-ffmpeg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import type { ShotReview } from '../shots-to-review.js';
import { cinema, createPricedProjectDir, jobsOf, madeKeys, pricedClipUsd } from '../test-helpers.js';

let cwd: string;
let movieDir: string;
beforeAll(() => {
  cwd = createPricedProjectDir('review');
  movieDir = join(cwd, 'output', 'lh');
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const clipStates = async () => Object.fromEntries((await jobsOf('lh', cwd, ['--stage', 'videos'])).map((job) => [job.key, job.held ? 'held' : job.status]));

describe('approve stills before paying for video', () => {
  it('generate --review makes everything up to the clips, says what waits and what to run, and exits 0', async () => {
    const run = await cinema(['generate', 'the-lighthouse.fountain', '--id', 'lh', '--review'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(exitCodes.ok);
    expect(madeKeys(run.stdout).filter((key) => key.startsWith('video:') || key === 'edit')).toEqual([]);
    expect(run.stdout).toContain('Waiting for review. 8 job(s) wait for approval ($4.00 estimated), $0.00 spent so far:\n  video:scene_1:shot_1  $0.50\n');
    expect(run.stdout).toContain('Look at the stills: cinema review lh\nThen go on with: cinema approve lh --all (or --shot scene_1:shot_1 for that shot alone)\n');
    expect(Object.values(await clipStates())).toEqual(Array(8).fill('held'));
    const status = await cinema(['status', 'lh'], { cwd });
    expect(status.stdout).toMatch(/^lh {2}awaiting_review /);
    expect(status.stdout).toContain('held: 8 job(s) await approval ($4.00 estimated): see cinema review lh\n');
  });

  it('review lists each shot with its stills, prompt and price, and writes a contact sheet per scene', async () => {
    const run = await cinema(['review', 'lh'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^lh: 8 shot\(s\) to review, 8 waiting for approval \(\$4\.00 to make them\)\n/);
    expect(run.stdout).toContain(
      '\nscene_2:shot_1  waiting for approval  $0.50 to approve\n' +
        '  An iron staircase spirals upward. OLD TOMAS, grey-bearded, waits on a landing with a lantern.\n' +
        '  prompt: An iron staircase spirals upward. OLD TOMAS, grey-bearded, waits on a landing with a lantern.',
    );
    expect(run.stdout).toContain(`  stills: ${join(movieDir, 'images', 'scene_2_first_frame.png')}\n          ${join(movieDir, 'images', 'scene_2_last_frame.png')}\n`);
    expect(run.stdout).toContain(`Contact sheets, one per scene:\n  ${join(movieDir, 'review', 'scene_1_contact_sheet.png')}\n`);
    expect(run.stdout).toContain('Approve one shot with: cinema approve lh --shot scene_1:shot_1\n');

    // One image per scene, its shots side by side: 480 px a shot, 16 between, 24 around.
    const widths: Record<string, number> = {};
    for (const scene of ['scene_1', 'scene_2', 'scene_3', 'scene_4']) {
      const sheet = await loadImage(readFileSync(join(movieDir, 'review', `${scene}_contact_sheet.png`)));
      widths[scene] = sheet.width;
    }
    expect(widths).toEqual({ scene_1: 2 * 24 + 2 * 480 + 16, scene_2: 2 * 24 + 480, scene_3: 2 * 24 + 3 * 480 + 2 * 16, scene_4: 2 * 24 + 2 * 480 + 16 });
  });

  it('review --json lists the shots', async () => {
    const run = await cinema(['review', 'lh', '--json'], { cwd });
    const review = JSON.parse(run.stdout) as { movieId: string; costUsd: number; shots: ShotReview[]; contactSheets: { sceneId: string; path: string }[] };
    expect(review.costUsd).toBe(8 * pricedClipUsd);
    expect(review.shots.map((shot) => shot.shot)).toEqual(['scene_1:shot_1', 'scene_1:shot_2', 'scene_2:shot_1', 'scene_3:shot_1', 'scene_3:shot_2', 'scene_3:shot_3', 'scene_4:shot_1', 'scene_4:shot_2']);
    const shot = review.shots[2]!;
    expect(shot).toMatchObject({ sceneId: 'scene_2', shotId: 'shot_1', held: ['video:scene_2:shot_1'], approveCostUsd: pricedClipUsd, clip: { key: 'video:scene_2:shot_1', status: 'pending' } });
    expect(shot.stills.map((still) => still.key)).toEqual(['keyframe:scene_2:shot_1:first_frame', 'keyframe:scene_2:shot_1:last_frame', 'keyframe:scene_2:shot_1:transition_frame']);
    for (const still of review.shots.flatMap((candidate) => candidate.stills)) expect(existsSync(still.path!), still.key).toBe(true);
    expect(review.contactSheets.map((sheet) => sheet.sceneId)).toEqual(['scene_1', 'scene_2', 'scene_3', 'scene_4']);
  });

  it('approve --shot makes only that clip; the others still wait', async () => {
    const run = await cinema(['approve', 'lh', '--shot', 'scene_2:shot_1'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(exitCodes.ok);
    expect(run.stdout).toMatch(/^Approved 1 job\(s\), \$0\.50 estimated: video:scene_2:shot_1\n/);
    expect(madeKeys(run.stdout)).toEqual(['video:scene_2:shot_1']);
    expect(run.stdout).toContain('Waiting for review. 7 job(s) wait for approval ($3.50 estimated)');
    const states = await clipStates();
    expect(states['video:scene_2:shot_1']).toBe('completed');
    expect(Object.values(states).filter((state) => state === 'held')).toHaveLength(7);
    expect((await cinema(['jobs', 'lh', '--stage', 'videos'], { cwd })).stdout).toMatch(/^video:scene_1:shot_1 +held +attempts 0 +\$0\.00 +awaiting approval$/m);
    const review = JSON.parse((await cinema(['review', 'lh', '--json'], { cwd })).stdout) as { shots: ShotReview[] };
    expect(review.shots.map((shot) => shot.shot)).not.toContain('scene_2:shot_1');
  });

  it('approve refuses a shot with nothing waiting, and needs to be told what', async () => {
    const unknown = await cinema(['approve', 'lh', '--shot', 'scene_9:shot_1'], { cwd });
    expect(unknown.code).toBe(exitCodes.input);
    expect(unknown.stderr).toBe('error Nothing of scene_9:shot_1 waits for approval in lh: see `cinema review lh` for the shots that do.\n');
    const nothing = await cinema(['approve', 'lh'], { cwd });
    expect(nothing.code).toBe(exitCodes.input);
    expect(nothing.stderr).toContain('Say what to approve: --shot scene_2:shot_1, --job <key>, or --all');
  });

  it('approve --all finishes the film, and it plays', async () => {
    const run = await cinema(['approve', 'lh', '--all'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Approved 7 job\(s\), \$3\.50 estimated: /);
    expect(madeKeys(run.stdout).filter((key) => key.startsWith('video:'))).toHaveLength(7);
    expect(Object.values(await clipStates())).toEqual(Array(8).fill('completed'));
    const film = join(movieDir, 'output', 'lh_final.mp4');
    expect(run.stdout).toContain(`Done. ${film}`);
    const { ffprobePath } = await findFfmpeg();
    const info = JSON.parse(execFileSync(ffprobePath, ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width', '-of', 'json', film], { encoding: 'utf8' })) as { streams: { codec_type: string; codec_name: string; width?: number }[] };
    expect(info.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`).sort()).toEqual(['audio:aac', 'video:h264']);
    expect(info.streams.find((stream) => stream.codec_type === 'video')!.width).toBe(320);
    expect((await cinema(['review', 'lh'], { cwd })).stdout).toBe('Nothing to review in lh: no job waits for approval and every clip is made.\n');
  });

  it('resume --review holds the clips that are not made yet, on a movie made without the gate', async () => {
    expect((await cinema(['retry', 'lh', '--job', 'video:scene_4:shot_2', 'edit', '--no-run'], { cwd })).code).toBe(0);
    const run = await cinema(['resume', 'lh', '--review'], { cwd });
    expect(run.code).toBe(0);
    expect(madeKeys(run.stdout)).toEqual([]);
    expect(run.stdout).toContain('Waiting for review. 1 job(s) wait for approval ($0.50 estimated)');
    expect((await clipStates())['video:scene_4:shot_2']).toBe('held');
    const approved = await cinema(['approve', 'lh', '--job', 'video:scene_4:shot_2', '--no-run', '--json'], { cwd });
    expect(JSON.parse(approved.stdout)).toEqual({ movieId: 'lh', approved: ['video:scene_4:shot_2'], costUsd: pricedClipUsd });
    expect((await clipStates())['video:scene_4:shot_2']).toBe('pending');
    expect(madeKeys((await cinema(['resume', 'lh'], { cwd })).stdout)).toEqual(['edit', 'video:scene_4:shot_2']);
  });
});

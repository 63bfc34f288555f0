import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { ChangePlan } from '@cinema/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import { runCli } from '../program.js';
import { cinema, createPricedProjectDir, jobsOf, madeKeys } from '../test-helpers.js';

let cwd: string;
let original: string;
beforeAll(async () => {
  cwd = createPricedProjectDir('plan');
  original = readFileSync(join(cwd, 'the-lighthouse.fountain'), 'utf8');
  // One line of dialogue in scene 2, one action in scene 4, and scene 3 cut.
  const cut = original.slice(0, original.indexOf('INT. LAMP ROOM - NIGHT')) + original.slice(original.indexOf('EXT. FISHING BOAT - NIGHT'));
  writeFileSync(join(cwd, 'edited.fountain'), cut.replace('Then we climb faster.', 'Then we climb faster, Mara.').replace('He sees the beam and turns the boat toward it.', 'He sees the beam and steers hard toward it.'));
  expect((await cinema(['generate', 'the-lighthouse.fountain', '--id', 'lh'], { cwd })).code).toBe(0);
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Every job's take and checksum: what must not move while nothing is to be spent. */
const fingerprint = async () => (await jobsOf('lh', cwd)).map((job) => `${job.key} ${job.status} ${job.take} ${job.outputs.map((output) => output.sha256).join(',')}`);

describe('cinema plan', () => {
  it('shows per scene what the edit does, per stage the jobs and their price, the total and the jobs retired, and spends nothing', async () => {
    const before = await fingerprint();
    const run = await cinema(['plan', 'edited.fountain', '--id', 'lh'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'lh edited by edited.fountain: 2 changed, 1 removed, 1 unchanged',
      '  scene_1  unchanged  EXT. ROCKY COAST - DUSK',
      '  scene_2  changed    INT. LIGHTHOUSE STAIRWELL - NIGHT',
      '  scene_4  changed    EXT. FISHING BOAT - NIGHT',
      '  scene_3  removed    INT. LAMP ROOM - NIGHT',
    ]);
    expect(run.stdout).toContain('  keyframes       2 jobs       $0.00\n      keyframe:scene_4:shot_2:first_frame, keyframe:scene_4:shot_2:last_frame\n');
    expect(run.stdout).toContain('  videos          1 jobs       $0.50\n      video:scene_4:shot_2\n');
    expect(run.stdout).toContain('  audio           1 jobs       $0.00\n      speech:scene_2:line_3\n');
    expect(run.stdout).toContain('  total           8 jobs       $0.50\n');
    expect(run.stdout).toMatch(/^Retired, their files kept: 12 job\(s\): screenplay:scene_3, keyframe:scene_3:shot_1:first_frame, .* and 6 more$/m);
    expect(run.stdout).toContain('The writer is free, so it drafted the edited scenes');
    expect(await fingerprint()).toEqual(before);
  });

  it('--json prints the ChangePlan', async () => {
    const run = await cinema(['plan', 'edited.fountain', '--id', 'lh', '--json'], { cwd });
    const plan = JSON.parse(run.stdout) as ChangePlan;
    expect(plan).toMatchObject({ movieId: 'lh', jobs: 8, costUsd: 0.5, drafted: 'writer' });
    expect(plan.scenes.map((scene) => `${scene.sceneId} ${scene.change}`)).toEqual(['scene_1 unchanged', 'scene_2 changed', 'scene_4 changed', 'scene_3 removed']);
    expect(plan.stages.videos).toEqual({ jobs: 1, keys: ['video:scene_4:shot_2'], costUsd: 0.5 });
    expect(plan.retired).toHaveLength(12);
    expect(plan.retired.every((key) => key.includes('scene_3'))).toBe(true);
  });

  it('says so when the script is the one the movie was made from', async () => {
    const run = await cinema(['plan', 'the-lighthouse.fountain', '--id', 'lh'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  scene_1  unchanged');
    expect(run.stdout).toContain('Nothing to make: every job is made from this script already.\n');
  });

  it('refuses a movie that does not exist, and needs --id', async () => {
    const unknown = await cinema(['plan', 'edited.fountain', '--id', 'nope'], { cwd });
    expect(unknown.code).toBe(exitCodes.notFound);
    expect(unknown.stderr).toContain('No movie "nope"');
    const noId = await cinema(['plan', 'edited.fountain'], { cwd });
    expect(noId.code).toBe(exitCodes.input);
    expect(noId.stderr).toContain("required option '--id <movie_id>' not specified");
  });
});

describe('cinema generate with an edited script', () => {
  it('without a terminal and without --yes shows the plan, changes nothing, and names --yes and cinema plan', async () => {
    const before = await fingerprint();
    const run = await cinema(['generate', 'edited.fountain', '--id', 'lh'], { cwd });
    expect(run.code).toBe(exitCodes.input);
    expect(run.stdout).toContain('  total           8 jobs       $0.50\n');
    expect(run.stderr).toBe(
      'error Movie lh exists with another script, and nothing was changed: pass --yes to make the changes above, or run `cinema plan edited.fountain --id lh` to only see them.\n',
    );
    expect(await fingerprint()).toEqual(before);
  });

  it('on a terminal asks, and an answer of no leaves the movie as it was', async () => {
    const before = await fingerprint();
    const { io, stdout, stderr } = terminal('n\n');
    expect(await runCli(['generate', 'edited.fountain', '--id', 'lh'], io)).toBe(exitCodes.ok);
    expect(stdout()).toContain('  total           8 jobs       $0.50\n');
    expect(stdout()).toContain('Nothing was changed: lh is as it was.\n');
    expect(stderr()).toBe('Make these changes? [y/N] ');
    expect(await fingerprint()).toEqual(before);
  });

  it('with --yes makes exactly the jobs the plan named, retires the cut scene, and finishes the film', async () => {
    const plan = JSON.parse((await cinema(['plan', 'edited.fountain', '--id', 'lh', '--json'], { cwd })).stdout) as ChangePlan;
    const run = await cinema(['generate', 'edited.fountain', '--id', 'lh', '--yes'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('retired 12 job(s) of cut scenes, files kept: ');
    expect(madeKeys(run.stdout)).toEqual(Object.values(plan.stages).flatMap((stage) => stage.keys).sort());
    expect(run.stdout).toContain(`Done. ${join(cwd, 'output', 'lh', 'output', 'lh_final.mp4')}`);
    const jobs = await jobsOf('lh', cwd);
    expect(jobs.filter((job) => job.status === 'retired').map((job) => job.key).sort()).toEqual([...plan.retired].sort());
    expect(existsSync(join(cwd, 'output', 'lh', 'videos', 'scene_3.mp4'))).toBe(true);
    const listing = await cinema(['jobs', 'lh'], { cwd });
    expect(listing.stdout).toMatch(/^video:scene_3:shot_1 +retired +attempts 1 +\$0\.00 +its scene was cut; files kept$/m);
    expect(listing.stdout).toMatch(/^video:scene_4:shot_2 +completed +attempts 1 +\$0\.00 +take 2 of 2$/m);
    const status = await cinema(['status', 'lh'], { cwd });
    expect(status.stdout).toContain('retired: 12 job(s) of cut scenes, files kept\n');
    expect(status.stdout).toMatch(/^takes: .*video:scene_4:shot_2 take 2 of 2/m);
  });

  it('putting the original script back asks nothing and makes nothing: cut scenes and earlier takes come back', async () => {
    writeFileSync(join(cwd, 'again.fountain'), original);
    const { io, stdout, stderr } = terminal('y\n');
    expect(await runCli(['generate', 'again.fountain', '--id', 'lh'], io)).toBe(exitCodes.ok);
    expect(stderr()).toBe('');
    expect(stdout()).toContain(`Done. ${join(cwd, 'output', 'lh', 'output', 'lh_final.mp4')}`);
    // The cut scene gets its id and its finished jobs back, and the edited shot its first take: no clip is made.
    expect(madeKeys(stdout()).filter((key) => key.startsWith('video:'))).toEqual([]);
  });
});

/** The command run in this process as on a terminal whose user types `answer`. */
function terminal(answer: string) {
  let out = '';
  let err = '';
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  stdin.end(answer);
  return {
    io: { cwd, env: { ...process.env, NO_COLOR: '1' }, stdout: { write: (text: string) => (out += text) }, stderr: { write: (text: string) => (err += text) }, stdin },
    stdout: () => out,
    stderr: () => err,
  };
}

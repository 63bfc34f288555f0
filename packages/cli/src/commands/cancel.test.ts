import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cinema, createProjectDir } from '../test-helpers.js';

let cwd: string;
beforeAll(async () => {
  cwd = createProjectDir('cancel');
  expect((await cinema(['generate', 'tiny.fountain', '--id', 'tiny'], { cwd })).code).toBe(0);
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const jobsIn = async (status: string) =>
  (JSON.parse((await cinema(['jobs', 'tiny', '--status', status, '--json'], { cwd })).stdout) as { key: string }[]).map((job) => job.key);

describe('cinema cancel', () => {
  it('ends unfinished jobs for good, keeps finished ones, and says how to bring them back', async () => {
    const finished = await jobsIn('completed');
    expect((await cinema(['retry', 'tiny', '--job', 'edit', 'video:scene_1:shot_1', '--no-run'], { cwd })).code).toBe(0);
    const run = await cinema(['cancel', 'tiny', '--job', 'edit'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Cancelled 1 job(s) of tiny; finished work is kept.\nRun `cinema retry tiny --failed` to put the cancelled jobs back.\n');
    expect(await jobsIn('cancelled')).toEqual(['edit']);
    const json = await cinema(['cancel', 'tiny', '--json'], { cwd });
    expect(JSON.parse(json.stdout)).toEqual({ movieId: 'tiny', cancelled: ['video:scene_1:shot_1'], providerCancelled: [], providerErrors: [] });
    expect((await jobsIn('completed')).length).toBe(finished.length - 2);
    expect((await cinema(['cancel', 'tiny'], { cwd })).stdout).toMatch(/^Nothing to cancel/);
  });

  it('refuses a job that does not exist, naming it', async () => {
    const run = await cinema(['cancel', 'tiny', '--job', 'video:scene_9:shot_1'], { cwd });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('No job video:scene_9:shot_1 in movie tiny');
  });

  it('after a cancel, retry --failed brings the jobs back and the film is finished again', async () => {
    const run = await cinema(['retry', 'tiny', '--failed'], { cwd });
    expect(run.code).toBe(0);
    expect(await jobsIn('cancelled')).toEqual([]);
    expect(await jobsIn('pending')).toEqual([]);
  });
});

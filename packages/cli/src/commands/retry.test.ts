import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cinema, createProjectDir } from '../test-helpers.js';

let cwd: string;
beforeAll(async () => {
  cwd = createProjectDir('retry');
  const made = await cinema(['generate', 'tiny.fountain', '--id', 'tiny'], { cwd });
  expect(made.code).toBe(0);
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('cinema retry --no-run', () => {
  it('with --json prints one JSON object and nothing else', async () => {
    const run = await cinema(['retry', 'tiny', '--job', 'edit', '--no-run', '--json'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('{"movieId":"tiny","retried":1}\n');
    const pending = JSON.parse((await cinema(['jobs', 'tiny', '--status', 'pending', '--json'], { cwd })).stdout) as { key: string }[];
    expect(pending.map((job) => job.key)).toEqual(['edit']);
  });

  it('without it says how many and how to carry on', async () => {
    const completed = JSON.parse((await cinema(['jobs', 'tiny', '--status', 'completed', '--json'], { cwd })).stdout) as { key: string }[];
    const keys = completed.slice(0, 2).map((job) => job.key);
    const run = await cinema(['retry', 'tiny', '--job', ...keys, '--no-run', '--out', 'output'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('2 job(s) put back in line.\nRun `cinema resume tiny --out output` to carry on.\n');
  });
});

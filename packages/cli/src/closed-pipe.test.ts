import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteJobStore } from '@cinema/tracker-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from './exit-codes.js';
import { binPath, cinema, createProjectDir } from './test-helpers.js';

let cwd: string;
const jobCount = 12_000;
beforeAll(async () => {
  cwd = createProjectDir('pipe');
  mkdirSync(join(cwd, 'output'));
  const store = await createSqliteJobStore({ path: join(cwd, 'output', 'cinema.db') });
  await store.createMovie({ id: 'big', input: { script: 'INT. HALL - DAY' }, now: 0 });
  // Far more than a pipe or socket pair buffers (64 KiB to a few hundred KiB), so the reader leaves while
  // cinema is still writing.
  const specs = Array.from({ length: jobCount }, (_, index) => ({
    key: `keyframe:scene_${index}:shot_1:first_frame`,
    stage: 'keyframes',
    lane: 'animatic',
    input: { prompt: `A long corridor, shot ${index}, lit by one lamp. `.repeat(4) },
    inputHash: `hash-${index}`,
    dependsOn: [],
  }));
  await store.enqueue('big', specs, 0);
  await store.close();
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Runs the bin with stdout piped into a reader that takes one line and then closes its end. */
function firstLineThenClose(args: string[]): Promise<{ line: string; code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    let line: string | undefined;
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      if (line !== undefined) return;
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end === -1) return;
      line = buffered.slice(0, end);
      child.stdout.destroy();
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ line: line ?? '', code, signal, stderr }));
  });
}

describe('a closed pipe', () => {
  it('`cinema jobs <movie> --json | head -1` ends quietly with the command\'s code', async () => {
    const run = await firstLineThenClose(['jobs', 'big', '--json']);
    expect(run.line).toBe('[');
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).toBe('');
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
  });

  it('the plain listing ends quietly too', async () => {
    const run = await firstLineThenClose(['jobs', 'big']);
    expect(run.line).toMatch(/^keyframe:scene_\d+:shot_1:first_frame +pending/);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('a film whose progress nobody reads any more stops cleanly, as on Ctrl-C, and resumes', async () => {
    const run = await firstLineThenClose(['generate', 'tiny.fountain', '--id', 'tiny', '--json']);
    expect(JSON.parse(run.line)).toMatchObject({ type: 'run:started', movieId: 'tiny' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(exitCodes.stopped);
    const jobs = JSON.parse((await cinema(['jobs', 'tiny', '--json'], { cwd })).stdout) as { status: string }[];
    expect(jobs.filter((job) => job.status === 'in_progress')).toEqual([]);
    const resumed = await cinema(['resume', 'tiny'], { cwd });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('Done.');
  });
});

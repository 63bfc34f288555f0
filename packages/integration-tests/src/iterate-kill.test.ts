import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Job } from '@cinema/core';
import type { FakeCall } from '@cinema/core/testing';
import { createSqliteJobStore } from '@cinema/tracker-sqlite';
import { afterAll, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/iterate-movie.mjs', import.meta.url));
const movieId = 'edited';
const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function run(baseDir: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture, args[0]!, baseDir, movieId, ...args.slice(1)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function calls(baseDir: string): FakeCall[] {
  const path = join(baseDir, 'calls.jsonl');
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as FakeCall) : [];
}

async function jobs(baseDir: string): Promise<Job[]> {
  const store = await createSqliteJobStore({ path: join(baseDir, 'cinema.db') });
  try {
    return await store.listJobs(movieId);
  } finally {
    await store.close();
  }
}

const paragraphs = Array.from({ length: 5 }, (_, index) => `Scene ${index + 1}: the harbour at dusk, take ${index}.`);

async function filmedDirectory(): Promise<string> {
  const baseDir = mkdtempSync(join(tmpdir(), 'cinema-iterate-kill-'));
  directories.push(baseDir);
  writeFileSync(join(baseDir, 'v1.txt'), paragraphs.join('\n\n'));
  const made = await run(baseDir, ['generate', join(baseDir, 'v1.txt')]);
  expect(made.stdout, made.stderr).toContain('"status":"completed"');
  return baseDir;
}

/** Video starts per subject since `from`: a clip paid for twice shows as 2. */
function videoStarts(baseDir: string, from: number): Record<string, number> {
  const starts: Record<string, number> = {};
  for (const call of calls(baseDir).slice(from)) if (call.kind === 'video' && call.type === 'start') starts[call.subject] = (starts[call.subject] ?? 0) + 1;
  return starts;
}

describe('kill -9 while iterating on a film', () => {
  it('during an update: resume finishes the edited film, paying once for each changed clip', async () => {
    const baseDir = await filmedDirectory();
    const edited = [...paragraphs];
    edited[1] = 'Scene 2: the harbour at night, the storm breaks.';
    edited.splice(3, 0, 'A new scene: gulls over the rocks.');
    writeFileSync(join(baseDir, 'v2.txt'), edited.join('\n\n'));
    const before = calls(baseDir).length;
    const fired = join(baseDir, 'fired.jsonl');
    const killed = await run(baseDir, ['update', join(baseDir, 'v2.txt')], { CINEMA_KILL_AT: 'after-submit:1', CINEMA_FIRED_LOG: fired });
    expect(killed.signal).toBe('SIGKILL');
    expect(readFileSync(fired, 'utf8')).toContain('"boundary":"after-submit"');
    const resumed = await run(baseDir, ['resume']);
    expect(resumed.stdout, resumed.stderr).toContain('"status":"completed"');
    expect(videoStarts(baseDir, before)).toEqual({ 'video:scene_2:shot_1': 1, 'video:scene_6:shot_1': 1 });
    const all = await jobs(baseDir);
    expect(all.filter((job) => job.status !== 'completed')).toEqual([]);
    expect(all.find((job) => job.key === 'video:scene_2:shot_1')).toMatchObject({ take: 2 });
    const screenplay = all.find((job) => job.key === 'screenplay')!.result as { scenes: { id: string }[] };
    expect(screenplay.scenes.map((scene) => scene.id)).toEqual(['scene_1', 'scene_2', 'scene_3', 'scene_6', 'scene_4', 'scene_5']);
  });

  it('during a redo: resume finishes the takes it owes, pays once per take, and the last take is used', async () => {
    const baseDir = await filmedDirectory();
    const before = calls(baseDir).length;
    const fired = join(baseDir, 'fired.jsonl');
    // The second take's clip is accepted by the provider, then the process dies before recording it.
    const killed = await run(baseDir, ['redo', 'scene_3:shot_1'], { CINEMA_TAKES: '2', CINEMA_KILL_AT: 'after-submit:2', CINEMA_FIRED_LOG: fired });
    expect(killed.signal).toBe('SIGKILL');
    const resumed = await run(baseDir, ['resume']);
    expect(resumed.stdout, resumed.stderr).toContain('"status":"completed"');
    expect(videoStarts(baseDir, before)).toEqual({ 'video:scene_3:shot_1': 2 });
    const all = await jobs(baseDir);
    const clip = all.find((job) => job.key === 'video:scene_3:shot_1')!;
    expect(clip).toMatchObject({ status: 'completed', take: 3, held: false });
    expect(clip.takes.map((take) => take.take)).toEqual([1, 2]);
    const edit = all.find((job) => job.key === 'edit')!;
    expect(edit).toMatchObject({ status: 'completed', take: 2, held: false });
    expect(all.filter((job) => job.status !== 'completed')).toEqual([]);
  });
});

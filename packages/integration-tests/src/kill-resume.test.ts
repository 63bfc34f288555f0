import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256, type Job } from '@cinema/core';
import type { FakeCall } from '@cinema/core/testing';
import { createSqliteJobStore } from '@cinema/tracker-sqlite';
import { afterAll, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/run-movie.mjs', import.meta.url));
const movieId = 'crash-test';
const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

function runChild(command: 'generate' | 'resume', baseDir: string, env: Record<string, string> = {}, killAfterMs?: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture, command, baseDir, movieId], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, pid: child.pid! });
    });
  });
}

function calls(baseDir: string): FakeCall[] {
  const path = join(baseDir, 'calls.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FakeCall);
}

/** The fake provider names each call after the job that made it; speech lines by a hash of the text. */
function subjectOf(job: Job): string {
  if (job.stage === 'screenplay') {
    const input = job.input as { role?: string; text?: string };
    if (input.role === 'scene') return `scene:${input.text!.split('\n')[0]!.slice(0, 60)}`;
    return input.role === 'overview' ? 'screenplay-overview' : job.key;
  }
  if (job.stage !== 'audio') return job.key;
  const input = job.input as { sceneId: string; shotId: string; text: string };
  return `speech:${input.sceneId}:${input.shotId}:${sha256(input.text).slice(0, 8)}`;
}

async function jobsIn(baseDir: string): Promise<Job[]> {
  const store = await createSqliteJobStore({ path: join(baseDir, 'cinema.db') });
  try {
    return (await store.getMovie(movieId)) ? await store.listJobs(movieId) : [];
  } finally {
    await store.close();
  }
}

/** What must hold after any number of crashes and a final resume. */
async function expectCleanRecovery(baseDir: string, snapshots: { jobs: Job[]; callsSoFar: number }[]) {
  const final = await runChild('resume', baseDir);
  expect(final.stderr).toBe('');
  expect(final.code).toBe(0);
  expect(JSON.parse(final.stdout.trim().split('\n').at(-1)!)).toMatchObject({ status: 'completed' });
  const movieDir = join(baseDir, movieId);
  expect(existsSync(join(movieDir, `output/${movieId}_final.mp4`))).toBe(true);

  const jobs = await jobsIn(baseDir);
  // An overview and a writer job per scene, the screenplay, 6 scenes' sheets, keyframes, clips, lines and the edit.
  expect(jobs.length).toBe(39);
  for (const job of jobs) {
    expect(job.status, job.key).toBe('completed');
    for (const output of job.outputs) {
      const bytes = readFileSync(join(movieDir, output.path));
      expect(createHash('sha256').update(bytes).digest('hex'), output.path).toBe(output.sha256);
    }
  }

  const all = calls(baseDir);
  const paid = all.filter((call) => call.type === 'generate' || call.type === 'start');
  // A video accepted once is never submitted as new work again.
  for (const job of jobs.filter((candidate) => candidate.stage === 'videos')) {
    expect(all.filter((call) => call.type === 'start' && call.subject === job.key).length, job.key).toBe(1);
  }
  for (const snapshot of snapshots) {
    const later = all.slice(snapshot.callsSoFar);
    for (const job of snapshot.jobs) {
      const subject = subjectOf(job);
      // Completed before the crash: never run again.
      if (job.status === 'completed') expect(later.filter((call) => call.subject === subject && call.type !== 'status'), subject).toEqual([]);
      // Submitted before the crash: polled again, never submitted again.
      if (job.operation !== null) expect(later.filter((call) => call.subject === subject && (call.type === 'start' || call.type === 'dedupe')), subject).toEqual([]);
    }
  }
  // A job in flight at a crash runs at most once more for each crash.
  const bySubject = new Map<string, number>();
  for (const call of paid) bySubject.set(call.subject, (bySubject.get(call.subject) ?? 0) + 1);
  for (const [subject, count] of bySubject) expect(count, subject).toBeLessThanOrEqual(1 + snapshots.length);
}

const boundaries: [string, number][] = [
  ['claimed', 1],
  ['claimed', 9],
  ['before-submit', 2],
  ['after-submit', 1],
  ['after-submit', 4],
  ['submitted', 3],
  ['provider-finished', 2],
  ['asset-written', 5],
  ['asset-written', 20],
  ['before-complete', 1],
  ['before-complete', 12],
  ['completed', 7],
  ['completed', 25],
];

describe('a run killed with SIGKILL resumes without redoing or paying again', () => {
  it.each(boundaries)('killed at %s #%i', async (boundary, count) => {
    const baseDir = mkdtempSync(join(tmpdir(), 'cinema-kill-'));
    directories.push(baseDir);
    const firedLog = join(baseDir, 'fired.jsonl');
    const first = await runChild('generate', baseDir, { CINEMA_KILL_AT: `${boundary}:${count}`, CINEMA_FIRED_LOG: firedLog });
    expect(first.signal, first.stderr).toBe('SIGKILL');
    const fired = readFileSync(firedLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { boundary: string; pid: number });
    expect(fired).toEqual([expect.objectContaining({ boundary, pid: first.pid })]);
    const snapshot = { jobs: await jobsIn(baseDir), callsSoFar: calls(baseDir).length };
    if (boundary === 'completed') expect(snapshot.jobs.filter((job) => job.status === 'completed').length).toBeGreaterThanOrEqual(count);
    await expectCleanRecovery(baseDir, [snapshot]);
  });

  it('survives repeated kills at arbitrary moments', async () => {
    const baseDir = mkdtempSync(join(tmpdir(), 'cinema-kill-'));
    directories.push(baseDir);
    const snapshots: { jobs: Job[]; callsSoFar: number }[] = [];
    for (const delay of [250, 420, 330, 500]) {
      const run = await runChild(snapshots.length === 0 ? 'generate' : 'resume', baseDir, {}, delay);
      if (run.signal !== 'SIGKILL') break;
      snapshots.push({ jobs: await jobsIn(baseDir), callsSoFar: calls(baseDir).length });
    }
    expect(snapshots.length).toBeGreaterThan(0);
    await expectCleanRecovery(baseDir, snapshots);
  });
});

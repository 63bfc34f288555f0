import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoreEvent } from '@cinema/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteJobStore } from './sqlite-job-store.js';

const writer = fileURLToPath(new URL('./__fixtures__/event-writer.mjs', import.meta.url));

/** Starts the writer on the file and SIGKILLs it once it reported `writes` resolved writes. */
function killAfter(path: string, movieId: string, writes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, path, movieId], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const reported = [...chunk.toString().matchAll(/writes (\d+)/g)].map((match) => Number(match[1]));
      if (reported.some((count) => count >= writes)) child.kill('SIGKILL');
    });
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the writer exited (${code}) before it was killed: ${stderr}`))));
  });
}

describe('the SQLite event log across a kill -9', () => {
  const directory = mkdtempSync(join(tmpdir(), 'cinema-event-log-crash-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('holds an event for every change the file holds, and none for a change it lost', async () => {
    const path = join(directory, 'cinema.db');
    await killAfter(path, 'crash', 300);
    await killAfter(path, 'crash', 600);
    const store = await createSqliteJobStore({ path });
    try {
      const jobs = await store.listJobs('crash');
      const events: StoreEvent[] = [];
      for (let page = await store.listEvents({ after: 0 }); page.length > 0; page = await store.listEvents({ after: page.at(-1)!.seq })) events.push(...page);
      expect(jobs.length).toBeGreaterThanOrEqual(40);
      expect(events[0]).toMatchObject({ seq: 1, type: 'movie.created', movieId: 'crash' });
      for (let index = 1; index < events.length; index++) expect(events[index]!.seq).toBeGreaterThan(events[index - 1]!.seq);
      const byJob = new Map<string, StoreEvent[]>();
      for (const event of events) if (event.jobKey !== null) byJob.set(event.jobKey, [...(byJob.get(event.jobKey) ?? []), event]);
      expect([...byJob.keys()].sort()).toEqual(jobs.map((job) => job.key).sort());
      for (const job of jobs) {
        const story = byJob.get(job.key)!;
        expect(story[0]!.type, job.key).toBe('job.created');
        // Every claim is a new lease token and a claimed event; every failed attempt an error and an event.
        expect(story.filter((event) => event.type === 'job.claimed').length, job.key).toBe(job.leaseToken);
        expect(story.filter((event) => event.type === 'job.attempt_failed').length, job.key).toBe(job.errors.length);
        expect(story.filter((event) => event.type === 'job.completed').length, job.key).toBe(job.status === 'completed' ? 1 : 0);
        expect(story.at(-1)!.status, job.key).toBe(job.status);
        expect(story.at(-1)!.attempts, job.key).toBe(job.attempts);
      }
      expect(events.some((event) => event.type === 'job.attempt_failed')).toBe(true);
    } finally {
      await store.close();
    }
  }, 60_000);
});

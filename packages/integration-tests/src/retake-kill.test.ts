import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findFfmpeg } from '@cinema/postprod-ffmpeg';
import { createSqliteJobStore } from '@cinema/tracker-sqlite';
import { afterAll, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/retake-movie.mjs', import.meta.url));
const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function child(args: string[], env: Record<string, string>): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, [fixture, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    process_.stdout.on('data', (chunk) => (stdout += chunk));
    process_.stderr.on('data', (chunk) => (stderr += chunk));
    process_.on('error', reject);
    process_.on('close', (_code, signal) => resolve({ signal, stdout, stderr }));
  });
}

describe('kill -9 during a re-take', () => {
  it('resume finishes the re-take it had submitted, pays for it once, and the film gets the good take', { timeout: 120_000 }, async () => {
    const media = mkdtempSync(join(tmpdir(), 'cinema-retake-media-'));
    const baseDir = mkdtempSync(join(tmpdir(), 'cinema-retake-'));
    directories.push(media, baseDir);
    const { ffmpegPath } = await findFfmpeg();
    const make = (name: string, args: string[]) => promisify(execFile)(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-y', ...args, join(media, name)]);
    await make('still.png', ['-f', 'lavfi', '-i', 'testsrc=size=320x180:duration=1', '-frames:v', '1']);
    await make('black.mp4', ['-f', 'lavfi', '-i', 'color=c=black:size=320x180:rate=24:duration=4', '-pix_fmt', 'yuv420p', '-c:v', 'libx264']);
    await make('moving.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=24', '-t', '4', '-pix_fmt', 'yuv420p', '-c:v', 'libx264']);
    const env = { CINEMA_MEDIA_DIR: media };
    // The black first take fails its checks; the re-take is accepted, then the process dies before recording it.
    const killed = await child(['generate', baseDir, 'retake'], { ...env, CINEMA_KILL_AT: 'after-submit:2' });
    expect(killed.signal).toBe('SIGKILL');
    const resumed = await child(['resume', baseDir, 'retake'], env);
    expect(resumed.stdout, resumed.stderr).toContain('"status":"completed"');
    const starts = readFileSync(join(baseDir, 'calls.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(starts).toEqual(['{"start":1}', '{"start":2}']);
    const store = await createSqliteJobStore({ path: join(baseDir, 'cinema.db') });
    const clip = (await store.getJob('retake', 'video:scene_1:shot_1'))!;
    await store.close();
    expect(clip).toMatchObject({ status: 'completed', costUsd: 2 });
    expect(clip.errors[0]).toMatchObject({ category: 'quality', message: expect.stringContaining('black frames') });
    const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    expect(sha(readFileSync(join(baseDir, 'retake', clip.outputs[0]!.path)))).toBe(sha(readFileSync(join(media, 'moving.mp4'))));
  });
});

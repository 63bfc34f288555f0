import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFfmpeg } from '@cinema/postprod-ffmpeg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cinema, cliPath, examplesDir, smallFilmConfig } from './test-helpers.js';

let cwd: string;
let ffprobe: string;
beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'cinema-cli-film-'));
  writeFileSync(join(cwd, 'cinema.config.mjs'), smallFilmConfig);
  ffprobe = (await findFfmpeg()).ffprobePath;
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function probe(path: string) {
  return JSON.parse(execFileSync(ffprobe, ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,codec_name,width,height', '-of', 'json', path], { encoding: 'utf8' })) as {
    format: { duration: string };
    streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
  };
}

interface JobRow {
  key: string;
  status: string;
  outputs: { path: string; sha256: string; bytes: number }[];
  result: { durationSeconds?: number } | null;
}

function jobs(movieId: string): JobRow[] {
  return JSON.parse(execFileSync(process.execPath, [cliPath, 'jobs', movieId, '--json'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })) as JobRow[];
}

describe('cinema generate, with no keys and no network', () => {
  it('renders the example Fountain film into the seed layout, and the film plays', async () => {
    const run = await cinema(['generate', join(examplesDir, 'the-lighthouse.fountain'), '--id', 'lighthouse'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const movieDir = join(cwd, 'output', 'lighthouse');
    const film = join(movieDir, 'output', 'lighthouse_final.mp4');
    expect(run.stdout).toContain(`Done. ${film}`);
    for (const path of ['characters/char_1_front.png', 'characters/char_3_full_body.png', 'images/scene_1_first_frame.png', 'videos/scene_1.mp4', 'audio/scene_1_line_1.wav', 'screenplay.json', 'output/lighthouse_final.srt']) {
      expect(statSync(join(movieDir, path)).size, path).toBeGreaterThan(0);
    }
    const info = probe(film);
    expect(info.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`).sort()).toEqual(['audio:aac', 'video:h264']);
    expect(info.streams.find((stream) => stream.codec_type === 'video')).toMatchObject({ width: 320, height: 180 });
    const edit = jobs('lighthouse').find((job) => job.key === 'edit')!;
    expect(edit.status).toBe('completed');
    expect(Math.abs(Number(info.format.duration) - edit.result!.durationSeconds!)).toBeLessThan(0.2);
    const subtitles = readFileSync(join(movieDir, 'output', 'lighthouse_final.srt'), 'utf8');
    expect(subtitles).toContain("You're late. The ships are already out.");
    const status = JSON.parse((await cinema(['status', 'lighthouse', '--json'], { cwd })).stdout);
    expect(status).toMatchObject({ status: 'completed', progress: 100, failed: 0, finalVideo: film, costUsd: 0 });
  });

  it('resumes a film killed with SIGKILL mid-run without redoing finished work', async () => {
    const script = join(examplesDir, 'morning-market.txt');
    const killed = await cinema(['generate', script, '--id', 'market'], { cwd, killWhen: /\[12\/\d+\] done/ });
    expect(killed.signal).toBe('SIGKILL');
    const movieDir = join(cwd, 'output', 'market');
    const finished = jobs('market').filter((job) => job.status === 'completed');
    expect(finished.length).toBeGreaterThanOrEqual(12);
    const before = new Map(finished.flatMap((job) => job.outputs.map((output) => [output.path, statSync(join(movieDir, output.path))] as const)));

    const resumed = await cinema(['resume', 'market'], { cwd });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(existsSync(join(movieDir, 'output', 'market_final.mp4'))).toBe(true);
    for (const [path, stat] of before) {
      const now = statSync(join(movieDir, path));
      expect({ path, inode: now.ino, mtime: now.mtimeMs }).toEqual({ path, inode: stat.ino, mtime: stat.mtimeMs });
    }
    const lines = resumed.stdout.split('\n').filter((line) => / done /.test(line));
    for (const job of finished) expect(lines.some((line) => line.endsWith(` ${job.key}`)), job.key).toBe(false);
    expect(jobs('market').every((job) => job.status === 'completed')).toBe(true);
  });

  it('stops cleanly on Ctrl-C, says how to resume, and resumes', async () => {
    writeFileSync(join(cwd, 'short.fountain'), 'INT. HALL - DAY\n\nANNA waits by the door.\n\nANNA\nThey are late.\n\nEXT. ROAD - DAY\n\nA car arrives.\n');
    const stopped = await cinema(['generate', 'short.fountain', '--id', 'short'], { cwd, killWhen: /\[4\/\d+\] done/, killSignal: 'SIGINT' });
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('Stopping');
    expect(stopped.stdout).toContain('Stopped. Finished work is kept');
    expect(stopped.stdout).toContain('Resume with: cinema resume short');
    const left = jobs('short');
    expect(left.filter((job) => job.status === 'in_progress')).toEqual([]);
    const resumed = await cinema(['resume', 'short'], { cwd });
    expect(resumed.code).toBe(0);
    expect(jobs('short').every((job) => job.status === 'completed')).toBe(true);
  });
});

/// <reference lib="dom" />
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from './test-helpers.js';

/** Where the test keeps its screenshot of the dashboard (a CI artifact; docs/ holds a copy for the README). */
const artifacts = fileURLToPath(new URL('../test-artifacts/', import.meta.url));

const twoScenes = `Title: Two Rooms

INT. HALL - DAY

ANNA waits by the door.

ANNA
At last.

EXT. GARDEN - NIGHT

BEN looks up at the stars.

BEN
There it is.
`;

// The first clip asked for is refused once, for good (one attempt per job): the page shows the
// error, and its Retry button makes the film.
const config = `import { animatic } from '@cinema/provider-animatic';
const base = animatic.videoModel();
const video = Object.create(base);
let refused = false;
video.doStart = async (options) => {
  if (!refused) {
    refused = true;
    throw new Error('the test provider refuses its first clip');
  }
  return base.doStart(options);
};
export default { output: { width: 320, height: 180, fps: 12 }, models: { video }, retry: { maxAttempts: 1 } };
`;

let project: string;
let serve: ChildProcess;
let url: string;
let browser: Browser;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'cinema-serve-browser-'));
  symlinkSync(fileURLToPath(new URL('../../../node_modules', import.meta.url)), join(project, 'node_modules'));
  writeFileSync(join(project, 'cinema.config.mjs'), config);
  serve = spawn(process.execPath, [cliPath, 'serve', '--port', '0'], { cwd: project, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  serve.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  url = await new Promise<string>((resolve, reject) => {
    serve.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48})/.exec(printed);
      if (match) resolve(match[1]!);
    });
    serve.once('exit', (code) => reject(new Error(`cinema serve exited (${code}): ${printed}`)));
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'] });
});

afterAll(async () => {
  await browser?.close();
  if (serve && serve.exitCode === null) {
    const exited = new Promise((resolve) => serve.once('exit', resolve));
    serve.kill('SIGINT');
    await exited;
  }
  rmSync(project, { recursive: true, force: true });
});

describe('cinema serve in a real browser', () => {
  it('makes a film started from the page, live; a failed job is retried from the page; the film plays with its subtitles', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(url);
    expect(new URL(page.url()).search).toBe('');
    await page.getByText('No movies yet').waitFor();

    await page.locator('textarea[name=script]').fill(twoScenes);
    await page.locator('input[name=movieId]').fill('two-rooms');
    await page.getByRole('button', { name: 'Make the film' }).click();
    await page.waitForURL(/#\/movies\/two-rooms$/);
    // Set once; a reload would lose it, so it still being there at the end means nothing reloaded.
    await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));

    // Thumbnails come in while the film is being made.
    const seenWhileRunning = await page.waitForFunction(
      () => {
        const running = document.querySelector('h1 [data-status]')?.getAttribute('data-status') === 'running';
        const cards = document.querySelectorAll('[data-gallery] figure').length;
        return running && cards >= 2 ? cards : false;
      },
      undefined,
      { timeout: 60_000, polling: 50 },
    );
    expect(await seenWhileRunning.jsonValue()).toBeGreaterThanOrEqual(2);
    await page.locator('[data-gallery] figure[data-stage=characters] img').first().waitFor();
    await expect.poll(() => page.locator('[data-gallery] img').first().evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);

    // The refused clip fails for good; the page says which job and why.
    const failed = page.locator('[data-failed]');
    await failed.first().waitFor({ timeout: 60_000 });
    expect(await failed.count()).toBe(1);
    expect(await failed.first().getAttribute('data-failed')).toMatch(/^video:scene_\d/);
    await expect.poll(() => failed.first().textContent()).toContain('the test provider refuses its first clip');
    await expect.poll(() => page.locator('h1 [data-status]').getAttribute('data-status'), { timeout: 60_000 }).toBe('failed');
    expect(await page.locator('video[data-film]').count()).toBe(0);

    await failed.first().getByRole('button', { name: 'Retry' }).click();
    await page.locator('video[data-film]').waitFor({ timeout: 90_000 });
    await expect.poll(() => page.locator('h1 [data-status]').getAttribute('data-status'), { timeout: 30_000 }).toBe('completed');
    expect(await page.locator('[data-failed]').count()).toBe(0);
    expect(await page.locator('[data-progress]').textContent()).toBe('100%');
    expect(await page.locator('[data-gallery] figure[data-stage=videos] video').count()).toBe(2);
    expect(await page.locator('[data-gallery] figure[data-stage=audio] audio').count()).toBeGreaterThanOrEqual(2);

    const played = await page.locator('video[data-film]').evaluate(async (video: HTMLVideoElement) => {
      video.muted = true;
      await video.play();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const track = video.textTracks[0]!;
      track.mode = 'showing';
      return { time: video.currentTime, duration: video.duration, width: video.videoWidth, cues: track.cues?.length ?? 0, error: video.error?.message ?? null };
    });
    expect(played.error).toBeNull();
    expect(played.width).toBe(320);
    expect(played.duration).toBeGreaterThan(2);
    expect(played.time).toBeGreaterThan(0.5);
    expect(played.cues).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    expect(problems).toEqual([]);

    await page.locator('video[data-film]').evaluate((video: HTMLVideoElement) => {
      video.pause();
      video.currentTime = 1;
    });
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'serve-dashboard.png') });

    await page.goto(url.replace(/\/\?token=.*/, '/#/'));
    await page.locator('[data-movie=two-rooms] [data-status=completed]').waitFor();
    await page.close();
  }, 240_000);
});

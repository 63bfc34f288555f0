import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from './exit-codes.js';
import { cinema, examplesDir, smallFilmConfig } from './test-helpers.js';

let cwd: string;
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'cinema-cli-errors-'));
  writeFileSync(join(cwd, 'cinema.config.mjs'), smallFilmConfig);
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('bad input gets a clear error that names the file and says what to do', () => {
  it('a missing, empty or binary script', async () => {
    const missing = await cinema(['generate', 'nowhere.fountain'], { cwd });
    expect(missing.code).toBe(exitCodes.input);
    expect(missing.stderr).toContain(`Script ${join(cwd, 'nowhere.fountain')} does not exist`);

    writeFileSync(join(cwd, 'empty.fountain'), '  \n\n');
    const empty = await cinema(['generate', 'empty.fountain'], { cwd });
    expect(empty.code).toBe(exitCodes.input);
    expect(empty.stderr).toContain(`Script ${join(cwd, 'empty.fountain')} is empty`);

    writeFileSync(join(cwd, 'movie.mp4'), Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0, 1, 2, 3]));
    const binary = await cinema(['generate', 'movie.mp4'], { cwd });
    expect(binary.code).toBe(exitCodes.input);
    expect(binary.stderr).toContain(`Script ${join(cwd, 'movie.mp4')} looks like a binary file`);
    expect(existsSync(join(cwd, 'output'))).toBe(false);
  });

  it('a script with no scenes fails its screenplay job with the reason', async () => {
    writeFileSync(join(cwd, 'title-only.fountain'), 'Title: Nothing Happens\nAuthor: Nobody\n\n');
    const run = await cinema(['generate', 'title-only.fountain', '--id', 'noscenes'], { cwd });
    expect(run.code).toBe(exitCodes.jobsFailed);
    expect(run.stdout).toMatch(/Failed\. 1 job\(s\) failed:\n {2}screenplay:overview: .*no scenes/);
    expect(run.stdout).toContain('cinema retry noscenes --failed');
  });

  it('a config that names a plugin that is not installed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cinema-cli-plugin-'));
    writeFileSync(join(dir, 'cinema.config.ts'), "import { fal } from '@cinema/provider-nope';\nexport default { models: { video: fal.videoModel('x') } };\n");
    const run = await cinema(['generate', join(examplesDir, 'morning-market.txt')], { cwd: dir });
    expect(run.code).toBe(exitCodes.config);
    expect(run.stderr).toContain(`Could not load config ${join(dir, 'cinema.config.ts')}`);
    expect(run.stderr).toContain('run `npm install @cinema/provider-nope`');
    rmSync(dir, { recursive: true, force: true });
  });

  it('a config with a bad field names the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cinema-cli-config-'));
    writeFileSync(join(dir, 'cinema.config.mjs'), 'export default { limits: { animatic: { concurrency: 0 } } };\n');
    const run = await cinema(['status', 'x'], { cwd: dir });
    expect(run.code).toBe(exitCodes.config);
    expect(run.stderr).toContain(`Invalid config in ${join(dir, 'cinema.config.mjs')}: "limits.animatic.concurrency"`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('unknown movies, bad ids and missing --out directories', async () => {
    const unknown = await cinema(['resume', 'nope', '--out', cwd], { cwd });
    expect(unknown.code).toBe(exitCodes.notFound);
    expect(unknown.stderr).toContain(`No movie "nope" in ${cwd}`);
    const badId = await cinema(['generate', join(examplesDir, 'morning-market.txt'), '--id', '../up'], { cwd });
    expect(badId.code).toBe(exitCodes.input);
    expect(badId.stderr).toContain('Invalid movie id "../up"');
    const noDir = await cinema(['status', 'x', '--out', join(cwd, 'missing')], { cwd });
    expect(noDir.code).toBe(exitCodes.input);
    expect(noDir.stderr).toContain(`The base directory ${join(cwd, 'missing')} does not exist`);
  });

  it('a missing ffmpeg fails the jobs that need it with a clear error, and after the fix nothing finished is redone', async () => {
    const env = { FFMPEG_PATH: join(cwd, 'no-such-ffmpeg'), FFPROBE_PATH: join(cwd, 'no-such-ffprobe') };
    const broken = await cinema(['generate', join(examplesDir, 'morning-market.txt'), '--id', 'noffmpeg'], { cwd, env });
    expect(broken.code).toBe(exitCodes.jobsFailed);
    expect(broken.stdout).toContain('FFMPEG_PATH');
    expect(broken.stdout).toContain('cinema retry noffmpeg --failed');
    const movieDir = join(cwd, 'output', 'noffmpeg');
    const sheet = statSync(join(movieDir, 'characters', 'char_1_front.png'));

    const fixed = await cinema(['retry', 'noffmpeg', '--failed'], { cwd });
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
    expect(existsSync(join(movieDir, 'output', 'noffmpeg_final.mp4'))).toBe(true);
    const after = statSync(join(movieDir, 'characters', 'char_1_front.png'));
    expect([after.ino, after.mtimeMs]).toEqual([sheet.ino, sheet.mtimeMs]);
    expect(fixed.stdout).not.toMatch(/done character:/);
  });

  it('a corrupt clip fails the edit naming the file; retrying that job fixes the film', async () => {
    const movieDir = join(cwd, 'output', 'noffmpeg');
    const clip = join(movieDir, 'videos', 'scene_1.mp4');
    const size = statSync(clip).size;
    writeFileSync(clip, Buffer.alloc(size, 7));
    const retried = await cinema(['retry', 'noffmpeg', '--job', 'edit'], { cwd });
    expect(retried.code).toBe(exitCodes.jobsFailed);
    expect(retried.stdout).toContain(clip);
    expect(retried.stdout).toMatch(/cinema retry \S+ --job video:scene_1:shot_1/);
    const fixed = await cinema(['retry', 'noffmpeg', '--job', 'video:scene_1:shot_1', 'edit'], { cwd });
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/done video:scene_1:shot_1/);
    expect(fixed.stdout).not.toMatch(/done keyframe:/);
  });
});

describe('the command line', () => {
  it('init writes a config that works, and will not overwrite it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cinema-cli-init-'));
    // As in a user's project: @cinema/core and the plugins are installed beside the config.
    symlinkSync(fileURLToPath(new URL('../../../node_modules', import.meta.url)), join(dir, 'node_modules'));
    const first = await cinema(['init'], { cwd: dir });
    expect(first.code).toBe(0);
    const written = readFileSync(join(dir, 'cinema.config.ts'), 'utf8');
    expect(written).toContain('defineConfig');
    const again = await cinema(['init'], { cwd: dir });
    expect(again.code).toBe(exitCodes.input);
    expect(again.stderr).toContain('already exists');
    const estimate = await cinema(['estimate', join(examplesDir, 'the-lighthouse.fountain')], { cwd: dir });
    expect(estimate.stderr).toBe('');
    expect(estimate.stdout).toMatch(/total +48 jobs +\$0\.00/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('has --help on every command and honours NO_COLOR', async () => {
    for (const command of ['generate', 'plan', 'resume', 'review', 'approve', 'redo', 'pick', 'replace', 'status', 'jobs', 'retry', 'cancel', 'estimate', 'init']) {
      const help = await cinema([command, '--help'], { cwd });
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toContain(`Usage: cinema ${command}`);
    }
    const status = await cinema(['status', 'noffmpeg'], { cwd, env: { NO_COLOR: '1', FORCE_COLOR: undefined } });
    expect(status.stdout).not.toContain('\u001b[');
    const unknown = await cinema(['render'], { cwd });
    expect(unknown.code).toBe(exitCodes.input);
  });
});

import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from './exit-codes.js';
import { cinema, createProjectDir } from './test-helpers.js';

let cwd: string;
beforeAll(() => {
  cwd = createProjectDir('base-dir');
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('the base directory of movies (--out)', () => {
  it('generate creates the folder it is given, parents and all, and makes the film there', async () => {
    const run = await cinema(['generate', 'tiny.fountain', '--id', 'tiny', '--out', 'films/2024/new'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const film = join(cwd, 'films', '2024', 'new', 'tiny', 'output', 'tiny_final.mp4');
    expect(run.stdout).toContain(`Done. ${film}`);
    expect(statSync(film).size).toBeGreaterThan(0);
    expect(existsSync(join(cwd, 'output'))).toBe(false);

    const status = await cinema(['status', 'tiny', '--out', 'films/2024/new', '--json'], { cwd });
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'completed', finalVideo: film });
  });

  it('generate refuses a --out that is a file, naming it', async () => {
    writeFileSync(join(cwd, 'not-a-folder'), 'x');
    const run = await cinema(['generate', 'tiny.fountain', '--out', 'not-a-folder'], { cwd });
    expect(run.code).toBe(exitCodes.input);
    expect(run.stderr).toBe(`error The base directory ${join(cwd, 'not-a-folder')} is a file, not a directory: pass a directory.\n`);
  });

  it('resume, status, jobs and retry refuse a missing folder, say what to do, and do not create it', async () => {
    const missing = join(cwd, 'no-such-films');
    for (const command of [['resume', 'tiny'], ['status', 'tiny'], ['jobs', 'tiny'], ['retry', 'tiny', '--failed']]) {
      const run = await cinema([...command, '--out', missing], { cwd });
      expect(run.code, command[0]).toBe(exitCodes.input);
      expect(run.stderr, command[0]).toBe(
        `error The base directory ${missing} does not exist, so it holds no movies: pass the --out (or config baseDir) the movie was made with; \`cinema generate\` creates the folder.\n`,
      );
      expect(existsSync(missing), command[0]).toBe(false);
    }
  });
});

import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findFfmpeg, probeMedia } from '@cinema/postprod-ffmpeg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solidColourSizes } from './fixtures/user-project/solid-colour-provider.js';
import { packWorkspacePackages, type PackedPackage } from './pack-packages.js';
import { sqlitePrebuildEnvironment } from './sqlite-prebuild.js';
import { runCommand, userShellEnvironment } from './user-shell.js';
import { publishablePackages, workspaceRoot } from './workspace-packages.js';

/** A user's folder: their cinema.config.ts, their own image-model plugin and a two-scene script. */
const userFiles = fileURLToPath(new URL('./fixtures/user-project/', import.meta.url));
/** The colour the fixture's cinema.config.ts paints every picture. */
const paint = [32, 160, 96];
const movieId = 'short-film';

let scratch = '';
let project = '';
let packed: PackedPackage[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cinema-packed-install-'));
  project = join(scratch, 'my-film');
  // Inside the workspace, Node would find the workspace's node_modules and the test would prove nothing.
  if (!relative(workspaceRoot, project).startsWith('..')) throw new Error(`${project} is inside the workspace ${workspaceRoot}: set TMPDIR elsewhere`);
  const tarballs = join(scratch, 'tarballs');
  const prebuilds = join(scratch, 'prebuilds');
  await Promise.all([mkdir(tarballs), mkdir(prebuilds), mkdir(join(project, 'films'), { recursive: true })]);
  packed = await packWorkspacePackages(publishablePackages(), tarballs);
  await writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'my-film', private: true, type: 'module' }, null, 2)}\n`);
  for (const file of await readdir(userFiles)) await copyFile(join(userFiles, file), join(project, file));
  // Offline for Cinema's packages (the tarballs); third-party ones come from npm's cache when they are in it.
  const install = await runCommand('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...packed.map((pkg) => pkg.tarball)], {
    cwd: project,
    env: userShellEnvironment(await sqlitePrebuildEnvironment(prebuilds)),
  });
  if (install.exitCode !== 0) throw new Error(`npm install of the packed packages failed:\n${install.output}`);
}, 600_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the packed packages, installed in an empty folder as a user installs them', () => {
  it('installs every Cinema package once, from its tarball', async () => {
    const query = await runCommand('npm', ['query', '[name^="@cinema/"]'], { cwd: project, env: userShellEnvironment() });
    expect(query.exitCode, query.output).toBe(0);
    const nodes = JSON.parse(query.stdout) as { name: string; location: string; resolved: string }[];
    // A second copy or a registry download would mean a dependency range the tarballs do not meet.
    expect(nodes.map((node) => node.name).sort()).toEqual(packed.map((pkg) => pkg.name).sort());
    for (const node of nodes) expect(node.resolved, `${node.name} at ${node.location}`).toMatch(/^file:.*\.tgz$/);
  });

  it("`npx cinema generate` renders the film with the user's image model and the embedded defaults", async () => {
    const run = await runCommand('npx', ['cinema', 'generate', 'short-film.fountain', '--id', movieId, '--out', 'films'], {
      cwd: project,
      env: userShellEnvironment({ NO_COLOR: '1' }),
      timeoutMs: 300_000,
    });
    expect(run.exitCode, run.output).toBe(0);

    const movieDir = join(project, 'films', movieId);
    const film = join(movieDir, 'output', `${movieId}_final.mp4`);
    expect(existsSync(film), `${film}\n${run.output}`).toBe(true);
    const ffmpeg = await findFfmpeg();
    const info = await probeMedia(film, ffmpeg);
    expect(info.video?.codec).toBe('h264');
    expect({ width: info.video?.width, height: info.video?.height }).toEqual({ width: 160, height: 90 });
    expect(info.durationSeconds).toBeGreaterThan(0);

    // Every picture of the movie came from the user's model, and only from it.
    const pictures = [
      ...(await readdir(join(movieDir, 'characters'))).map((name) => join(movieDir, 'characters', name)),
      ...(await readdir(join(movieDir, 'images'))).map((name) => join(movieDir, 'images', name)),
    ].filter((path) => path.endsWith('.png'));
    const calls = (await readFile(join(project, 'image-calls.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { purpose: string });
    expect(new Set(calls.map((call) => call.purpose))).toEqual(new Set(['character', 'keyframe']));
    expect(calls).toHaveLength(pictures.length);
    const sizes = Object.values(solidColourSizes);
    for (const picture of pictures) expect(sizes, `${picture} is not a size the plugin draws`).toContainEqual(pngSize(await readFile(picture)));

    // And the film shows them: a frame one second in is the painted colour.
    const { stdout } = await promisify(execFile)(
      ffmpeg.ffmpegPath,
      ['-v', 'error', '-ss', '1', '-i', film, '-frames:v', '1', '-vf', 'scale=1:1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
      { encoding: 'buffer' },
    );
    const pixel = [...stdout.subarray(0, 3)];
    for (const [channel, value] of pixel.entries()) expect(Math.abs(value - paint[channel]!), `pixel ${pixel.join(',')} vs ${paint.join(',')}`).toBeLessThanOrEqual(8);
  });
});

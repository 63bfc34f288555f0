import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const cliPath = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
/** The committed shim npm links as `cinema`. */
export const binPath = fileURLToPath(new URL('../bin/cinema.js', import.meta.url));
export const examplesDir = fileURLToPath(new URL('../../../examples/scripts/', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `cinema` bin as a user would; `killWhen` SIGKILLs it once stdout matches. */
export function cinema(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; killWhen?: RegExp; killSignal?: NodeJS.Signals },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (options.killWhen?.test(stdout) && !killed) {
        killed = true;
        child.kill(options.killSignal ?? 'SIGKILL');
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A small film format keeps the tests quick; everything else is the embedded default. */
export const smallFilmConfig = "export default { output: { width: 320, height: 180, fps: 12 } };\n";

/** A temporary project folder holding the small film config and `tiny.fountain`, one short scene. */
export function createProjectDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cinema-cli-${name}-`));
  writeFileSync(join(dir, 'cinema.config.mjs'), smallFilmConfig);
  writeFileSync(join(dir, 'tiny.fountain'), 'INT. HALL - DAY\n\nANNA waits by the door.\n');
  return dir;
}

/** What each clip is estimated to cost in `createPricedProjectDir`, so plans and reviews have a price to show. */
export const pricedClipUsd = 0.5;

/**
 * A project folder whose config is the small film with the animatic's clips priced at
 * `pricedClipUsd` each (they still cost nothing to make), `node_modules` linked in as in a user's
 * project, and the example film copied in as `the-lighthouse.fountain`.
 */
export function createPricedProjectDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cinema-cli-${name}-`));
  symlinkSync(fileURLToPath(new URL('../../../node_modules', import.meta.url)), join(dir, 'node_modules'));
  writeFileSync(
    join(dir, 'cinema.config.mjs'),
    "import { animatic } from '@cinema/provider-animatic';\n" +
      'const video = animatic.videoModel();\n' +
      `video.estimateCost = () => ${pricedClipUsd};\n` +
      'export default { output: { width: 320, height: 180, fps: 12 }, models: { video } };\n',
  );
  copyFileSync(join(examplesDir, 'the-lighthouse.fountain'), join(dir, 'the-lighthouse.fountain'));
  return dir;
}

/** The jobs of a movie as `cinema jobs --json` prints them. */
export async function jobsOf(movieId: string, cwd: string, filter: string[] = []): Promise<{ key: string; status: string; held: boolean; take: number; takes: { take: number }[]; estimatedCostUsd: number; outputs: { path: string; sha256: string }[]; result: Record<string, unknown> | null }[]> {
  const run = await cinema(['jobs', movieId, '--json', ...filter], { cwd });
  if (run.code !== 0) throw new Error(`cinema jobs ${movieId} failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** The keys a run's progress lines say were made (`[3/48] done video:scene_2:shot_1`). */
export function madeKeys(stdout: string): string[] {
  return [...stdout.matchAll(/\] done (\S+)/g)].map((match) => match[1]!).sort();
}

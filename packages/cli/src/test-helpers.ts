import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
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

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

/**
 * attw's profile for packages that ship ESM only: Node's `require` (node16 from CJS) and the
 * pre-exports `node10` resolution are not checked, because these packages do not offer them.
 */
export const attwProfile = 'esm-only';

/** What publint finds in a packed tarball, strict (warnings count as errors) and down to suggestions. */
export async function publintTarball(tarball: string): Promise<string[]> {
  const bytes = await readFile(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer },
    strict: true,
    level: 'suggestion',
  });
  return messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`);
}

export interface AttwReport {
  /** attw's exit code under `attwProfile`: 0 when it found no problem that counts. */
  exitCode: number;
  /** attw's own report, as a person reads it. */
  output: string;
  /** attw passes a package that ships no types at all; a Cinema package must ship them. */
  hasTypes: boolean;
}

/** Runs the are-the-types-wrong CLI on a packed tarball. */
export async function attwTarball(tarball: string): Promise<AttwReport> {
  const manifest = createRequire(import.meta.url).resolve('@arethetypeswrong/cli/package.json');
  const { bin } = JSON.parse(await readFile(manifest, 'utf8')) as { bin: { attw: string } };
  const args = [join(dirname(manifest), bin.attw), tarball, '--profile', attwProfile, '--format', 'ascii', '--no-color', '--no-emoji'];
  const { exitCode, output } = await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ exitCode: 0, output: `${stdout}${stderr}` }),
    (error: { code?: number | string; message: string; stdout?: string; stderr?: string }) => ({
      // A string code (ENOENT) means attw never ran: report that as a failure too.
      exitCode: typeof error.code === 'number' ? error.code : 1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}` || error.message,
    }),
  );
  return { exitCode, output, hasTypes: !output.includes('This package does not contain types') };
}

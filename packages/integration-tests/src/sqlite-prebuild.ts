import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { workspaceRoot } from './workspace-packages.js';

/**
 * Environment for `npm install` that lets better-sqlite3's installer (prebuild-install) take the
 * workspace's own compiled binary as a "local prebuild" instead of compiling SQLite again, which
 * takes over a minute on two cores. A user with internet gets a prebuilt binary from GitHub the same
 * way. prebuild-install picks the file by name (package version, Node ABI, platform, arch), so when
 * the user's install resolves another version it finds no file and compiles: slower, never wrong.
 */
export async function sqlitePrebuildEnvironment(folder: string): Promise<Record<string, string>> {
  const packageDir = join(workspaceRoot, 'node_modules', 'better-sqlite3');
  const binary = join('build', 'Release', 'better_sqlite3.node');
  if (!existsSync(join(packageDir, binary))) return {};
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await promisify(execFile)('tar', ['-czf', join(folder, name), '-C', packageDir, binary]);
  return { npm_config_better_sqlite3_local_prebuilds: folder };
}

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { workspaceRoot, type WorkspacePackage } from './workspace-packages.js';

export interface PackedPackage {
  name: string;
  /** Absolute path of the `.tgz` npm wrote. */
  tarball: string;
  /** The paths inside the tarball, relative to the package folder. */
  files: string[];
}

async function npmPack(cwd: string, destination: string, extraArgs: string[]): Promise<PackedPackage[]> {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--json', '--pack-destination', destination, ...extraArgs], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  });
  const reports = JSON.parse(stdout) as { name: string; filename: string; files: { path: string }[] }[];
  return reports.map((report) => ({ name: report.name, tarball: join(destination, report.filename), files: report.files.map((file) => file.path) }));
}

/**
 * Packs workspace packages as `npm publish` would (same `files`, same ignore rules), in one npm run.
 * They must be built first: what is packed is their `dist` as it is on disk.
 */
export function packWorkspacePackages(packages: readonly WorkspacePackage[], destination: string): Promise<PackedPackage[]> {
  return npmPack(workspaceRoot, destination, packages.flatMap((pkg) => ['--workspace', pkg.name]));
}

/** Packs the package in a folder outside the workspace. */
export async function packFolder(dir: string, destination: string): Promise<PackedPackage> {
  const [packed] = await npmPack(dir, destination, []);
  return packed!;
}

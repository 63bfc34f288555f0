import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root folder. */
export const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface WorkspacePackage {
  name: string;
  version: string;
  /** Absolute path of the package's folder. */
  dir: string;
  private: boolean;
}

/**
 * Every package the root `workspaces` globs name, read from disk each time, so a package added
 * later is checked without anyone editing a list.
 */
export function workspacePackages(root = workspaceRoot): WorkspacePackage[] {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
  const packages: WorkspacePackage[] = [];
  for (const pattern of workspaces) {
    // The root names folders of packages (`packages/*`); a richer glob would need a glob library.
    if (!/^[\w.-]+(\/[\w.-]+)*\/\*$/.test(pattern)) throw new Error(`workspacePackages reads "folder/*" patterns only, not "${pattern}"`);
    const parent = join(root, pattern.slice(0, -2));
    for (const entry of readdirSync(parent, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const manifest = join(parent, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; version: string; private?: boolean };
      packages.push({ name: pkg.name, version: pkg.version, dir: join(parent, entry.name), private: pkg.private === true });
    }
  }
  return packages;
}

/** The packages npm would publish: every workspace package not marked private. */
export function publishablePackages(root = workspaceRoot): WorkspacePackage[] {
  return workspacePackages(root).filter((pkg) => !pkg.private);
}

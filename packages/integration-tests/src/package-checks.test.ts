import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attwProfile, attwTarball, publintTarball } from './package-checks.js';
import { packFolder, packWorkspacePackages, type PackedPackage } from './pack-packages.js';
import { publishablePackages } from './workspace-packages.js';

const publishable = publishablePackages();
let scratch: string;
let packed: PackedPackage[] = [];

function tarballOf(name: string): string {
  const found = packed.find((pkg) => pkg.name === name);
  if (!found) throw new Error(`${name} was not packed`);
  return found.tarball;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cinema-package-checks-'));
  packed = await packWorkspacePackages(publishable, scratch);
}, 120_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('what npm would publish', () => {
  it('packs every workspace package that is not private', () => {
    expect(publishable.length).toBeGreaterThan(0);
    expect(packed.map((pkg) => pkg.name).sort()).toEqual(publishable.map((pkg) => pkg.name).sort());
  });

  it.each(publishable.map((pkg) => pkg.name))('%s: publint (strict) finds nothing', async (name) => {
    expect(await publintTarball(tarballOf(name)), `publint on the packed ${name}`).toEqual([]);
  });

  it.each(publishable.map((pkg) => pkg.name))(`%s: are-the-types-wrong (--profile ${attwProfile}) finds nothing`, async (name) => {
    const report = await attwTarball(tarballOf(name));
    expect(report.hasTypes, `attw on the packed ${name}: no types\n${report.output}`).toBe(true);
    expect(report.exitCode, `attw on the packed ${name}:\n${report.output}`).toBe(0);
  });
});

describe('the checks themselves', () => {
  async function packFixture(name: string, manifest: Record<string, unknown>, files: Record<string, string>): Promise<string> {
    const dir = join(scratch, 'fixtures', name);
    await mkdir(join(dir, 'dist'), { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', files: ['dist'], ...manifest }));
    for (const [path, text] of Object.entries(files)) await writeFile(join(dir, path), text);
    return (await packFolder(dir, scratch)).tarball;
  }

  it('report a types condition that is not first, a missing types file and a subpath without types', async () => {
    const tarball = await packFixture(
      'broken-exports',
      {
        exports: {
          '.': { import: './dist/index.js', types: './dist/index.d.ts' },
          './extra': { types: './dist/missing.d.ts', import: './dist/index.js' },
        },
      },
      { 'dist/index.js': 'export const answer = 42;\n', 'dist/index.d.ts': 'export declare const answer: number;\n' },
    );
    const messages = await publintTarball(tarball);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/exports\["\."\]\.types should be the first/), expect.stringMatching(/missing\.d\.ts but the file does not exist/)]),
    );
    const report = await attwTarball(tarball);
    expect(report.exitCode).toBe(1);
    expect(report.output).toContain('"broken-exports/extra"');
  });

  it('report a package that ships no types', async () => {
    const tarball = await packFixture('untyped', { exports: { '.': './dist/index.js' } }, { 'dist/index.js': 'export const answer = 42;\n' });
    expect((await attwTarball(tarball)).hasTypes).toBe(false);
  });
});

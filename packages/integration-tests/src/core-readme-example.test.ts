import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { typescriptBlocksIn } from './documented-code.js';
import { runCommand, userShellEnvironment } from './user-shell.js';
import { workspaceRoot } from './workspace-packages.js';

const readme = 'packages/core/README.md';
const libraryExample = typescriptBlocksIn(readFileSync(join(workspaceRoot, readme), 'utf8'), readme).find(
  (block) => block.code.includes("from '@cinema/core/testing'") && block.code.includes('createMovieMaker('),
);
let scratch = '';

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** jiti runs TypeScript with no build step; it is what loads cinema.config.ts, so core depends on it. */
async function jitiCli(): Promise<string> {
  const manifest = createRequire(import.meta.url).resolve('jiti/package.json');
  const { bin } = JSON.parse(await readFile(manifest, 'utf8')) as { bin: { jiti: string } };
  return join(dirname(manifest), bin.jiti);
}

describe(readme, () => {
  it('has a library example that makes a film with the testing fakes', async () => {
    expect(libraryExample, `no \`\`\`ts block in ${readme} calls createMovieMaker with @cinema/core/testing`).toBeDefined();
    scratch = await mkdtemp(join(tmpdir(), 'cinema-core-readme-'));
    // The example imports @cinema/core as a user's project would; here it resolves to the workspace's.
    await symlink(join(workspaceRoot, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    await writeFile(join(scratch, 'example.ts'), libraryExample!.code);

    const run = await runCommand(process.execPath, [await jitiCli(), 'example.ts'], { cwd: scratch, env: userShellEnvironment(), timeoutMs: 60_000 });

    expect(run.exitCode, `${libraryExample!.where}:\n${run.output}`).toBe(0);
    expect(run.stdout).toMatch(/^completed \S+harbour_final\.mp4$/m);
    expect(run.stdout).toMatch(/^100% of \d+ jobs/m);
    expect(existsSync(join(scratch, 'output', 'harbour', 'output', 'harbour_final.mp4'))).toBe(true);
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { createFakeProvider } from '../testing/fake-provider.js';
import { createDefaultPipeline } from './create-movie-maker.js';
import { defineConfig } from './cinema-config.js';
import { loadConfig, validateConfig } from './load-config.js';

const coreEntry = new URL('../index.ts', import.meta.url).href;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cinema-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('loads a TypeScript config with defineConfig and calls a function export with the env', async () => {
    const file = join(dir, 'cinema.config.ts');
    await writeFile(
      file,
      `import { defineConfig } from ${JSON.stringify(coreEntry)};\n` +
        `const limit: number = 3;\n` +
        `export default defineConfig((env) => ({ baseDir: 'films-' + env.command, limits: { fal: { concurrency: limit } }, budget: { maxCostUsd: 12.5 } }));\n`,
    );
    const config = await loadConfig(file, { command: 'generate' });
    expect(config).toMatchObject({ baseDir: 'films-generate', limits: { fal: { concurrency: 3 } }, budget: { maxCostUsd: 12.5 } });
  });

  it('names the file and the bad field', async () => {
    const file = join(dir, 'cinema.config.ts');
    await writeFile(file, `export default { limits: { fal: { concurrency: -1 } } };\n`);
    const error = await loadConfig(file).catch((caught: unknown) => caught);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).message).toContain(file);
    expect((error as ConfigError).message).toContain('"limits.fal.concurrency"');
    expect((error as ConfigError).path).toBe('limits.fal.concurrency');
  });

  it('says when the file is missing, broken or has no default export', async () => {
    await expect(loadConfig(join(dir, 'nope.ts'))).rejects.toThrow(/does not exist\. Run `cinema init`/);
    await writeFile(join(dir, 'broken.ts'), 'export default {{{');
    await expect(loadConfig(join(dir, 'broken.ts'))).rejects.toThrow(/Could not load config .*broken\.ts/);
    await writeFile(join(dir, 'empty.ts'), 'export const x = 1;');
    await expect(loadConfig(join(dir, 'empty.ts'))).rejects.toThrow(/no default export/);
  });

  it('rejects unknown fields and plugins that speak another specification version', () => {
    expect(() => validateConfig({ budjet: 3 }, 'cinema.config.ts')).toThrow(/"\(root\)": unknown field\(s\) budjet/);
    const video = { ...createFakeProvider().videoModel(), specificationVersion: 'v2' };
    expect(() => validateConfig({ models: { video } })).toThrow(/"models\.video": a video model speaks specification "v2", but this @cinema\/core supports v1/);
  });

  it('names the missing model when a pipeline cannot be built', () => {
    const provider = createFakeProvider();
    expect(() => createDefaultPipeline(defineConfig({ models: { writer: provider.textModel() } }), 'cinema.config.ts')).toThrow(
      /No models\.image configured in cinema\.config\.ts/,
    );
  });

  it('does not change the file it loads', async () => {
    const file = join(dir, 'cinema.config.mjs');
    const text = 'export default { output: { burnSubtitles: true } };\n';
    await writeFile(file, text);
    expect(await loadConfig(file)).toEqual({ output: { burnSubtitles: true } });
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});

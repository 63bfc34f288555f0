import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setUpCli } from '@cinema/cli';
import { createDefaultPipeline, defaultMovieSettings } from '@cinema/core';
import { createComfyUIEmulator, type ComfyUIEmulator } from '@cinema/provider-comfyui/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configBlocksIn, documentedConfigs, type CodeBlock } from './documented-code.js';
import { workspaceRoot } from './workspace-packages.js';

const configs = documentedConfigs();
let scratch = '';
let comfyui: ComfyUIEmulator | undefined;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cinema-readme-configs-'));
  // Hosted providers check only that a key is set before a run; none is ever called here.
  vi.stubEnv('OPENAI_API_KEY', 'sk-readme-check');
  vi.stubEnv('FAL_KEY', 'fal-readme-check');
  vi.stubEnv('REPLICATE_API_TOKEN', 'r8_readme-check');
  vi.stubEnv('CINEMA_WEBHOOK_SECRET', 'whsec_cmVhZG1lLWNoZWNrLXNpZ25pbmctc2VjcmV0LTMyYnl0ZXM=');
  // ComfyUI configs check their workflows' nodes on the server before a run: the emulator stands in for it.
  comfyui = await createComfyUIEmulator();
  vi.stubEnv('COMFYUI_URL', comfyui.url);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await comfyui?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/**
 * What `cinema generate` says about a config before its first job: the config loaded and validated
 * (loadConfig, through the CLI's own setup, which fills in the embedded defaults), then every stage's
 * model checks under the film's settings, as Pipeline.execute runs them. Undefined when it would start.
 */
async function refusalOf(block: CodeBlock): Promise<string | undefined> {
  const dir = await mkdtemp(join(scratch, 'config-'));
  // The blocks import @cinema/* as a user's project would; here they resolve to the workspace's packages.
  await symlink(join(workspaceRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'cinema.config.ts'), block.code);
  try {
    const setup = await setUpCli({ cwd: dir, out: dir, command: 'generate' });
    await createDefaultPipeline(setup.config, setup.configFile).validate({ ...defaultMovieSettings, ...setup.config.output });
    await setup.maker.close();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('every config the docs show', () => {
  it('are found: the root README, the package READMEs and the example files', () => {
    expect(configs.map((config) => config.where)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^README\.md:\d+$/), expect.stringMatching(/^examples\/provider-plugin\/README\.md:\d+$/), 'examples/cinema.config.ts']),
    );
  });

  it.each(configs)('$where: cinema generate accepts it', async (block) => {
    expect(await refusalOf(block), `${block.where}: cinema generate refuses this config`).toBeUndefined();
  });
});

describe('the check itself', () => {
  it('reads only the TypeScript blocks that call defineConfig, each with its first line', () => {
    const markdown = ['# Title', '', '```ts', 'const maker = createMovieMaker({});', '```', '', '```ts', "export default defineConfig({ budget: { maxCostUsd: 1 } });", '```', '```sh', 'defineConfig()', '```'].join('\n');
    expect(configBlocksIn(markdown, 'README.md')).toEqual([{ where: 'README.md:7', code: "export default defineConfig({ budget: { maxCostUsd: 1 } });\n" }]);
  });

  it('refuses an edit-only image model for the character sheets, as generate does', async () => {
    const kontextForEverything = [
      "import { defineConfig } from '@cinema/core';",
      "import { fal } from '@cinema/provider-fal';",
      "export default defineConfig({ models: { image: fal.imageModel('fal-ai/flux-pro/kontext') } });",
    ].join('\n');
    expect(await refusalOf({ where: 'inline', code: kontextForEverything })).toMatch(/edits a reference image.*models\.characters/s);
  });

  it('refuses a model whose key is missing', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    try {
      const code = ["import { defineConfig } from '@cinema/core';", "import { openai } from '@cinema/provider-openai';", "export default defineConfig({ models: { writer: openai.textModel('gpt-5') } });"].join('\n');
      expect(await refusalOf({ where: 'inline', code })).toMatch(/OPENAI_API_KEY/);
    } finally {
      vi.stubEnv('OPENAI_API_KEY', 'sk-readme-check');
    }
  });
});

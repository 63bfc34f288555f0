import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import { cinema, examplesDir } from '../test-helpers.js';

/** A provider of the user's own, written beside the config: one edit-only image model, one that needs a key. */
const retoucherProvider = `import { CinemaError } from '@cinema/core';

class RetoucherImageModel {
  specificationVersion = 'v1';
  provider = 'retoucher';
  constructor(modelId, capabilities, validate) {
    this.modelId = modelId;
    this.capabilities = capabilities;
    if (validate) this.validate = validate;
  }
  estimateCost() {
    return 0.04;
  }
  async doGenerate() {
    throw new CinemaError({ message: 'retoucher draws nothing in this test', category: 'server' });
  }
}

/** Like fal's Kontext: it edits the reference it is given, so it cannot start a character from nothing. */
export const editOnly = new RetoucherImageModel('edit-only', { maxReferenceImages: 1, aspectRatios: ['16:9', '1:1'], supportsSeed: false, requiresReferenceImage: true });

export const keyed = new RetoucherImageModel('keyed', { maxReferenceImages: 0, aspectRatios: ['16:9', '1:1'], supportsSeed: false }, () => {
  if (!process.env.RETOUCHER_API_KEY) throw new CinemaError({ message: 'No retoucher API key: set RETOUCHER_API_KEY.', category: 'auth' });
});
`;

let cwd: string;
const script = join(examplesDir, 'the-lighthouse.fountain');
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'cinema-cli-estimate-'));
  // As in a user's project: @cinema/core is installed beside the config.
  symlinkSync(fileURLToPath(new URL('../../../../node_modules', import.meta.url)), join(cwd, 'node_modules'));
  writeFileSync(join(cwd, 'retoucher.mjs'), retoucherProvider);
  writeFileSync(join(cwd, 'edit-only.config.mjs'), "import { editOnly } from './retoucher.mjs';\nexport default { models: { characters: editOnly } };\n");
  writeFileSync(join(cwd, 'keyed.config.mjs'), "import { keyed } from './retoucher.mjs';\nexport default { models: { image: keyed } };\n");
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('estimate refuses what generate refuses', () => {
  it('an edit-only model for character sheets: the same message and exit code from both', async () => {
    const generate = await cinema(['generate', script, '--config', 'edit-only.config.mjs'], { cwd });
    const estimate = await cinema(['estimate', script, '--config', 'edit-only.config.mjs'], { cwd });
    expect(generate.code).toBe(exitCodes.config);
    expect(generate.stderr).toBe(
      'error Stage characters: model retoucher/edit-only edits a reference image, but a character\'s front sheet has none to start from. ' +
        'Set models.characters to a text-to-image model (e.g. fal-ai/flux/dev) and keep this one for models.keyframes.\n',
    );
    expect(estimate.code).toBe(generate.code);
    expect(estimate.stderr).toBe(generate.stderr);
    expect(estimate.stdout).toBe('');
  });

  it('a model without its API key: the same message and exit code from both; with the key, a price', async () => {
    const env = { RETOUCHER_API_KEY: undefined };
    const generate = await cinema(['generate', script, '--config', 'keyed.config.mjs'], { cwd, env });
    const estimate = await cinema(['estimate', script, '--config', 'keyed.config.mjs', '--json'], { cwd, env });
    expect(generate.code).toBe(exitCodes.config);
    expect(generate.stderr).toBe('error Stage characters, model retoucher/keyed: No retoucher API key: set RETOUCHER_API_KEY.\n');
    expect(estimate.code).toBe(generate.code);
    expect(estimate.stderr).toBe(generate.stderr);
    expect(estimate.stdout).toBe('');

    const priced = await cinema(['estimate', script, '--config', 'keyed.config.mjs', '--json'], { cwd, env: { RETOUCHER_API_KEY: 'test-key' } });
    expect(priced.stderr).toBe('');
    expect(priced.code).toBe(0);
    const { stages } = JSON.parse(priced.stdout) as { stages: Record<string, { jobs: number; costUsd: number }> };
    expect(stages.characters!.costUsd).toBeCloseTo(stages.characters!.jobs * 0.04, 6);
    expect(stages.keyframes!.costUsd).toBeCloseTo(stages.keyframes!.jobs * 0.04, 6);
  });
});

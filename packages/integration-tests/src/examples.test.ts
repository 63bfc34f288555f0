import { fileURLToPath } from 'node:url';
import { createDefaultPipeline, loadConfig } from '@cinema/core';
import { scriptToScreenplay } from '@cinema/provider-animatic';
import { createFfmpegPostProduction } from '@cinema/postprod-ffmpeg';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));

describe('examples', () => {
  it('the example cinema.config.ts loads, validates and plans the example film', async () => {
    const config = await loadConfig(`${examples}cinema.config.ts`, { command: 'generate' });
    expect(config.budget).toEqual({ maxCostUsd: 25 });
    // The CLI adds the ffmpeg editor when a config names none.
    const pipeline = createDefaultPipeline({ ...config, postProduction: createFfmpegPostProduction() });
    await pipeline.validate({ aspectRatio: '16:9', width: 1280, height: 720, fps: 24, burnSubtitles: true, cards: true });
    const script = readFileSync(`${examples}scripts/the-lighthouse.fountain`, 'utf8');
    const estimate = pipeline.estimate({ input: { script }, screenplay: scriptToScreenplay(script) });
    expect(estimate.stages.characters!.jobs).toBe(9);
    expect(estimate.totalUsd).toBe(0);
  });
});

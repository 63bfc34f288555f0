import { createHash } from 'node:crypto';
import { UnsupportedFunctionalityError, type ImageModelV1CallOptions, type InputFile } from '@cinema/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createComfyUI } from './comfyui-provider.js';
import { exampleWorkflows } from './example-workflows.js';
import { seedFromKey } from './workflow-graph.js';
import { createComfyUIEmulator, createPng } from './testing/index.js';

const emulator = await createComfyUIEmulator();
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

const comfy = createComfyUI({ ...emulator.providerSettings, pollIntervalMs: 1, workflows: { flux: exampleWorkflows.fluxTextToImage, kontext: exampleWorkflows.fluxKontextReference } });
const sheet = (colour: [number, number, number], name: string): InputFile => ({ path: `/movie/characters/${name}.png`, mediaType: 'image/png', data: createPng(32, 32, colour), label: name });
const mara = sheet([220, 180, 20], 'char_1_front');
const bo = sheet([20, 60, 200], 'char_2_front');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const call = (overrides: Partial<ImageModelV1CallOptions> = {}): ImageModelV1CallOptions => ({
  prompt: 'Mara hands Bo a brass lamp on the pier',
  referenceImages: [],
  aspectRatio: '16:9',
  idempotencyKey: 'cinema-job-image-1',
  ...overrides,
});

describe('ComfyUI images', () => {
  it('text to image: prompt, negative prompt, a seed from the job and a 16:9 size at the workflow\'s megapixel', async () => {
    const model = comfy.imageModel('flux');
    expect(model.capabilities).toEqual({ maxReferenceImages: 0, aspectRatios: ['16:9', '9:16', '1:1', '4:3', '3:4'], supportsSeed: true, requiresReferenceImage: false });
    const result = await model.doGenerate(call({ negativePrompt: 'text, watermark' }));
    const graph = emulator.prompts()[0]!.prompt;
    expect(graph['6']!.inputs.text).toBe('Mara hands Bo a brass lamp on the pier');
    expect(graph['33']!.inputs.text).toBe('text, watermark');
    expect(graph['31']!.inputs.seed).toBe(seedFromKey('cinema-job-image-1'));
    expect(graph['27']!.inputs).toMatchObject({ width: 1360, height: 768 });
    expect(result.images).toHaveLength(1);
    expect(result.images[0]).toMatchObject({ mediaType: 'image/png' });
    expect(result.costUsd).toBe(0);
    expect(result.warnings).toBeUndefined();
  });

  it('a call\'s own seed and size win, the size on the 16-pixel grid latent models draw on', async () => {
    const result = await comfy.imageModel('flux').doGenerate(call({ seed: 7, size: { width: 1920, height: 1080 } }));
    expect(emulator.prompts()[0]!.prompt['31']!.inputs.seed).toBe(7);
    expect(emulator.prompts()[0]!.prompt['27']!.inputs).toMatchObject({ width: 1920, height: 1088 });
    expect(result.warnings).toBeUndefined();
    const unusable = await comfy.imageModel('flux').doGenerate(call({ size: { width: -1, height: 0 }, idempotencyKey: 'cinema-job-image-4' }));
    expect(unusable.warnings).toEqual([expect.objectContaining({ setting: 'size', message: expect.stringMatching(/-1x0 is not a picture size; drawing for the aspect ratio instead/) })]);
  });

  it('references: each sheet uploaded once, byte for byte, into the reference slots; one sheet fills both', async () => {
    const model = comfy.imageModel('kontext');
    expect(model.capabilities).toMatchObject({ maxReferenceImages: 2, requiresReferenceImage: true });
    await model.doGenerate(call({ referenceImages: [mara, bo] }));
    await model.doGenerate(call({ referenceImages: [bo], idempotencyKey: 'cinema-job-image-2' }));
    expect(emulator.uploads().map((upload) => upload.sha256)).toEqual([sha256(mara.data), sha256(bo.data)]);
    const [both, one] = emulator.prompts();
    expect([both!.prompt['142']!.inputs.image, both!.prompt['143']!.inputs.image]).toEqual(emulator.uploads().map((upload) => upload.name));
    expect(one!.prompt['142']!.inputs.image).toBe(emulator.uploads()[1]!.name);
    expect(one!.prompt['143']!.inputs.image).toBe(emulator.uploads()[1]!.name);
    // The second call sent Bo's sheet again by name, without a second upload.
    expect(emulator.requests.filter((request) => request.route === 'upload')).toHaveLength(2);
  });

  it('references: more than the slots are cut with a warning; none at all is refused before anything is sent', async () => {
    const third = sheet([10, 200, 10], 'char_3_front');
    const result = await comfy.imageModel('kontext').doGenerate(call({ referenceImages: [mara, bo, third] }));
    expect(result.warnings).toEqual([expect.objectContaining({ setting: 'referenceImages', message: expect.stringMatching(/takes 2 picture\(s\).*the first 2 of 3/) })]);
    emulator.reset();
    const error = await comfy.imageModel('kontext').doGenerate(call()).catch((thrown: unknown) => thrown);
    expect(UnsupportedFunctionalityError.isInstance(error)).toBe(true);
    expect(emulator.requests).toEqual([]);
  });

  it('uploads the sheets again when the server lost them (a refused prompt ran nothing, so it is sent once more)', async () => {
    const model = comfy.imageModel('kontext');
    await model.doGenerate(call({ referenceImages: [mara] }));
    emulator.reset();
    await model.doGenerate(call({ referenceImages: [mara], idempotencyKey: 'cinema-job-image-3' }));
    expect(emulator.requests.filter((request) => request.route === 'prompt').map((request) => request.status)).toEqual([400, 200]);
    expect(emulator.uploads().map((upload) => upload.sha256)).toEqual([sha256(mara.data)]);
    expect(emulator.prompts()).toHaveLength(1);
  });

  it('a workflow without size bindings keeps its own size, and says so for a ratio it does not offer', async () => {
    const workflow = structuredClone((await import('../workflows/flux-dev-text-to-image.json', { with: { type: 'json' } })).default);
    const fixed = createComfyUI({ ...emulator.providerSettings, pollIntervalMs: 1, workflows: { fixed: { workflow, bindings: { prompt: { nodeId: '6', input: 'text' } }, aspectRatios: ['1:1'] } } });
    const result = await fixed.imageModel('fixed').doGenerate(call({ aspectRatio: '16:9', seed: 3 }));
    expect(emulator.prompts()[0]!.prompt['27']!.inputs).toMatchObject({ width: 1024, height: 1024 });
    expect(emulator.prompts()[0]!.prompt['31']!.inputs.seed).toBe(42);
    expect(result.warnings?.map((warning) => warning.setting)).toEqual(['seed', 'aspectRatio']);
  });
});

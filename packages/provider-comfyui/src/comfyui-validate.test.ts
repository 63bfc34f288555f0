import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CinemaError, ConfigError } from '@cinema/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createComfyUI } from './comfyui-provider.js';
import { exampleWorkflows } from './example-workflows.js';
import { createComfyUIEmulator } from './testing/index.js';
import type { ComfyWorkflowDefinition } from './workflow-definition.js';

const directory = mkdtempSync(join(tmpdir(), 'cinema-comfyui-validate-'));
const emulator = await createComfyUIEmulator();
afterAll(async () => {
  await emulator.close();
  rmSync(directory, { recursive: true, force: true });
});

function workflowFile(name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const textToImage = {
  '3': { class_type: 'KSampler', inputs: { seed: 1, steps: 4, cfg: 1, sampler_name: 'euler', scheduler: 'simple', denoise: 1, model: ['4', 0], positive: ['6', 0], negative: ['6', 0], latent_image: ['5', 0] } },
  '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'model.safetensors' } },
  '5': { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 512, batch_size: 1 } },
  '6': { class_type: 'CLIPTextEncode', inputs: { text: 'a lighthouse', clip: ['4', 1] } },
  '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] } },
  '9': { class_type: 'SaveImage', inputs: { images: ['8', 0], filename_prefix: 'cinema' } },
};
const bindings = { prompt: { nodeId: '6', input: 'text' }, seed: { nodeId: '3', input: 'seed' } };

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function refusal(definition: ComfyWorkflowDefinition, baseURL = emulator.url): Promise<CinemaError> {
  const model = createComfyUI({ baseURL, workflows: { portrait: definition } }).imageModel('portrait');
  try {
    await model.validate();
  } catch (error) {
    expect(CinemaError.isInstance(error), String(error)).toBe(true);
    return error as CinemaError;
  }
  throw new Error('validate() accepted the workflow');
}

describe('validate(): a workflow that cannot run fails before any job starts', () => {
  it('accepts a workflow whose nodes the server has and whose bindings name its own inputs', async () => {
    const file = workflowFile('good.json', textToImage);
    await expect(createComfyUI({ baseURL: emulator.url, workflows: { portrait: { file, bindings } } }).imageModel('portrait').validate()).resolves.toBeUndefined();
    await expect(createComfyUI({ baseURL: emulator.url, workflows: exampleWorkflows }).validate()).resolves.toBeUndefined();
  });

  it('names the file, the node and its type when the server lacks a custom node', async () => {
    const file = workflowFile('custom-node.json', { ...textToImage, '12': { class_type: 'VHS_VideoCombine', inputs: { images: ['8', 0], frame_rate: 16 }, _meta: { title: 'Video Combine 🎥' } } });
    const error = await refusal({ file, bindings });
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`workflow "portrait" (${file})`);
    expect(error.message).toContain('node 12 ("Video Combine 🎥") is of type VHS_VideoCombine, which ComfyUI at');
    expect(error.message).toMatch(/Install the custom node that provides it/);
    expect((error as ConfigError).path).toBe('workflows.portrait.nodes.12');
  });

  it('names the binding and the node when a binding points at a node id that is not in the workflow', async () => {
    const file = workflowFile('missing-node.json', textToImage);
    const error = await refusal({ file, bindings: { ...bindings, seed: { nodeId: '31', input: 'seed' } } });
    expect(error.message).toContain(`workflow "portrait" (${file}): bindings.seed names node "31", which is not in the workflow. Its nodes: 3 (KSampler), 4 (CheckpointLoaderSimple)`);
    expect((error as ConfigError).path).toBe('workflows.portrait.bindings.seed');
  });

  it('names the file, node and field when a binding names an input the node does not have', async () => {
    const file = workflowFile('missing-field.json', textToImage);
    const error = await refusal({ file, bindings: { ...bindings, negativePrompt: { nodeId: '3', input: 'negative_text' } } });
    expect(error.message).toContain(`(${file}): bindings.negativePrompt names input "negative_text" of node 3 (KSampler), which has no such input. Its inputs: model, seed, steps`);
  });

  it('refuses a binding to an input wired to another node, since a value set there is ignored', async () => {
    const error = await refusal({ workflow: textToImage, bindings: { prompt: { nodeId: '3', input: 'positive' } } });
    expect(error.message).toContain('workflow "portrait" ((inline workflow)): bindings.prompt points at node 3 (KSampler) input "positive", which is wired to node 6\'s output');
  });

  it('says how to export when the file is in the editor format, and where it looked when the file is missing', async () => {
    const editorFormat = workflowFile('editor.json', { nodes: [{ id: 3, type: 'KSampler' }], links: [] });
    expect((await refusal({ file: editorFormat, bindings })).message).toMatch(/editor's format.*Export \(API\)/);
    const missing = join(directory, 'nowhere.json');
    const error = await refusal({ file: missing, bindings });
    expect(error.message).toContain(`workflow "portrait" (${missing}) could not be read (ENOENT)`);
    expect((await refusal({ file: workflowFile('broken.json', '{"3": {'), bindings })).message).toMatch(/is not valid JSON/);
  });

  it('names the server, and the workflow it was checking, when nothing answers there', async () => {
    const file = workflowFile('unreachable.json', textToImage);
    const port = await closedPort();
    const error = await refusal({ file, bindings }, `http://127.0.0.1:${port}`);
    expect(error.category).toBe('network');
    expect(error.message).toContain(`workflow "portrait" (${file}) could not be checked: ComfyUI GET /object_info: no answer from http://127.0.0.1:${port} (ECONNREFUSED). Is ComfyUI running there?`);
  });

  it('refuses a workflow without the prompt binding, or without an output node', async () => {
    expect((await refusal({ workflow: textToImage, bindings: {} })).message).toMatch(/has no prompt binding.*bindings: \{ prompt: \{ nodeId: '6', input: 'text' \} \}/);
    const { '9': _save, ...withoutOutput } = textToImage;
    expect((await refusal({ workflow: withoutOutput, bindings })).message).toMatch(/has no output node/);
  });

  it('sends no prompt while checking', () => {
    expect(emulator.requests.filter((request) => request.route === 'prompt')).toEqual([]);
    expect(emulator.prompts()).toEqual([]);
  });

  it('refuses an unknown workflow name when the model is made, naming the ones there are', () => {
    expect(() => createComfyUI({ baseURL: emulator.url, workflows: { flux: exampleWorkflows.fluxTextToImage } }).videoModel('wan')).toThrow(/no workflow named "wan": createComfyUI\(\{ workflows \}\) names "flux"/);
  });
});

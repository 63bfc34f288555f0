import { runProviderConformance } from '@cinema/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createComfyUI } from './comfyui-provider.js';
import { exampleWorkflows } from './example-workflows.js';
import { createComfyUIEmulator } from './testing/index.js';

// The provider contract through ComfyUI's HTTP API: the shipped example workflows, queued on the
// local emulator, which checks each prompt as ComfyUI's validate_prompt does.
const emulator = await createComfyUIEmulator({
  nodeTypes: { TextToSpeech: { required: { text: 'STRING', voice: ['narrator', 'keeper'] }, output: ['AUDIO'], category: 'audio' } },
});
afterAll(() => emulator.close());

const speechWorkflow = {
  '1': { class_type: 'TextToSpeech', inputs: { text: 'Hello.', voice: 'narrator' } },
  '2': { class_type: 'SaveAudioMP3', inputs: { audio: ['1', 0], filename_prefix: 'cinema/line' } },
};

const provider = createComfyUI({
  ...emulator.providerSettings,
  pollIntervalMs: 5,
  workflows: {
    flux: exampleWorkflows.fluxTextToImage,
    kontext: exampleWorkflows.fluxKontextReference,
    'wan-i2v': exampleWorkflows.wanImageToVideo,
    'wan-flf': exampleWorkflows.wanFirstLastFrame,
    speech: { workflow: speechWorkflow, bindings: { text: { nodeId: '1', input: 'text' }, voice: { nodeId: '1', input: 'voice' } }, voices: ['narrator', 'keeper'] },
  },
});

runProviderConformance('comfyui', { provider, imageModelId: 'flux', videoModelId: 'wan-i2v', speechModelId: 'speech', pollMs: 5 });
// Kontext needs a reference in every call, so the suite takes the reference-only path.
runProviderConformance('comfyui Kontext', { provider, imageModelId: 'kontext', pollMs: 5 });
runProviderConformance('comfyui first+last frame', { provider, videoModelId: 'wan-flf', pollMs: 5 });

describe('comfyui conformance: through the emulator', () => {
  it('queued every workflow, uploaded the references and frames, and served the results from /view', () => {
    const classes = emulator.prompts().map((prompt) => Object.values(prompt.prompt).map((node) => node.class_type));
    for (const needed of ['EmptySD3LatentImage', 'ReferenceLatent', 'WanImageToVideo', 'WanFirstLastFrameToVideo', 'TextToSpeech']) {
      expect(classes.some((names) => names.includes(needed)), needed).toBe(true);
    }
    expect(emulator.uploads().length).toBeGreaterThan(0);
    const views = emulator.requests.filter((request) => request.route === 'view');
    expect(views.length).toBeGreaterThan(0);
    expect(views.every((request) => request.status === 200)).toBe(true);
  });
});

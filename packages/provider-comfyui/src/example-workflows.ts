import { fileURLToPath } from 'node:url';
import type { ComfyWorkflowDefinition } from './workflow-definition.js';

/** A shipped workflow file, by name (they sit in the package's `workflows/` folder). */
const shipped = (file: string): string => fileURLToPath(new URL(`../workflows/${file}`, import.meta.url));

/** Both FLUX workflows keep the prompt, sampler and size under the same node ids. */
const fluxBindings = {
  prompt: { nodeId: '6', input: 'text' },
  seed: { nodeId: '31', input: 'seed' },
  width: { nodeId: '27', input: 'width' },
  height: { nodeId: '27', input: 'height' },
};

/** Both Wan workflows keep their nodes under the same ids; the first+last-frame one adds the last frame. */
const wanBindings = {
  prompt: { nodeId: '6', input: 'text' },
  negativePrompt: { nodeId: '7', input: 'text' },
  seed: { nodeId: '3', input: 'seed' },
  width: { nodeId: '50', input: 'width' },
  height: { nodeId: '50', input: 'height' },
  frameCount: { nodeId: '50', input: 'length', framesPerSecond: 16, multipleOf: 4 },
  firstFrame: { nodeId: '52', input: 'image' },
};

/**
 * Four API-format workflows that ship with the package, with their bindings, to use as they are or
 * to copy and change. Each needs the model files it names in ComfyUI's `models/` folders (see the
 * README); the nodes are all ComfyUI core nodes.
 */
export const exampleWorkflows = {
  /** FLUX.1 dev (fp8 checkpoint) from text: character sheets and keyframes without references. */
  fluxTextToImage: {
    file: shipped('flux-dev-text-to-image.json'),
    bindings: { ...fluxBindings, negativePrompt: { nodeId: '33', input: 'text' } },
  },
  /**
   * FLUX.1 Kontext dev with two reference pictures (each through a ReferenceLatent): keyframes that
   * keep the characters of their sheets. It needs a reference in every call, so it cannot draw a
   * character's first sheet.
   */
  fluxKontextReference: {
    file: shipped('flux-kontext-reference.json'),
    bindings: {
      ...fluxBindings,
      referenceImages: [
        { nodeId: '142', input: 'image' },
        { nodeId: '143', input: 'image' },
      ],
    },
  },
  /** Wan 2.1 image-to-video at 480p: a clip from its first frame, 16 fps, 4n + 1 frames. */
  wanImageToVideo: { file: shipped('wan-image-to-video.json'), bindings: wanBindings },
  /** Wan 2.1 first+last-frame to video at 720p: a clip between two keyframes. */
  wanFirstLastFrame: { file: shipped('wan-first-last-frame.json'), bindings: { ...wanBindings, lastFrame: { nodeId: '72', input: 'image' } } },
} satisfies Record<string, ComfyWorkflowDefinition>;

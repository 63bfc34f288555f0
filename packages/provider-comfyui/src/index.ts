export { createComfyUI, defaultComfyUIURL, type ComfyUIProvider, type ComfyUIProviderSettings } from './comfyui-provider.js';
export { ComfyUIImageModel } from './comfyui-image-model.js';
export { ComfyUIVideoModel } from './comfyui-video-model.js';
export { ComfyUISpeechModel } from './comfyui-speech-model.js';
export { exampleWorkflows } from './example-workflows.js';
export type {
  ComfyApiNode,
  ComfyApiWorkflow,
  ComfyFrameCountBinding,
  ComfyNodeInput,
  ComfyWorkflowBindings,
  ComfyWorkflowDefinition,
} from './workflow-definition.js';
export type { ComfyUIOperation } from './comfyui-operation.js';
export { promptIdFor } from './comfyui-operation.js';
export { imageCapabilitiesOf, videoCapabilitiesOf } from './workflow-capabilities.js';
export { frameCountFor } from './workflow-graph.js';

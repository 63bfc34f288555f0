export {
  createComfyUIEmulator,
  type ComfyUIEmulator,
  type ComfyUIEmulatorOptions,
  type ComfyUIEmulatorRoute,
  type ComfyUIEmulatorUpload,
  type EmulatedPrompt,
} from './comfyui-emulator.js';
export { builtInNodeTypes, type ComfyEmulatorInputType, type ComfyEmulatorNodeType } from './emulator-node-types.js';
export { createMp3, createPng, createWav, tinyMp4 } from '@cinema/test-server';

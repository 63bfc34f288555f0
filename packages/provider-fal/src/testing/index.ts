export {
  createFalEmulator,
  type FalEmulator,
  type FalEmulatorLogEntry,
  type FalEmulatorOptions,
  type FalEmulatorRoute,
  type FalEmulatorUpload,
  type FalEndpointBehaviour,
  type FalQueueState,
} from './fal-emulator.js';
export { falReplies, type FalReply, type FalScriptedReply } from './fal-replies.js';
export { createPng, createWav, tinyMp4 } from '@cinema/test-server';

export {
  createFalEmulator,
  falReplies,
  type FalEmulator,
  type FalEmulatorLogEntry,
  type FalEmulatorOptions,
  type FalEmulatorRoute,
  type FalEmulatorUpload,
  type FalEndpointBehaviour,
  type FalQueueState,
  type FalScriptedReply,
} from './fal-emulator.js';
export { createPng, createWav, tinyMp4 } from './media-fixtures.js';

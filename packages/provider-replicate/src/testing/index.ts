export { createReplicateEmulator, sineWav } from './replicate-emulator.js';
export type {
  EmulatorFileKind,
  EmulatorPrediction,
  EmulatorPredictionBehaviour,
  EmulatorRequest,
  EmulatorScriptedResponse,
  EmulatorScriptTarget,
  EmulatorUpload,
  ReplicateEmulator,
  ReplicateEmulatorOptions,
} from './replicate-emulator.js';

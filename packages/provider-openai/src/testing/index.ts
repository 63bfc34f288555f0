export { createOpenAIEmulator } from './openai-emulator.js';
export type {
  ChatReply,
  ChatRequestInfo,
  ChatResponder,
  EmulatorFile,
  EmulatorRequest,
  OpenAIEmulator,
  OpenAIEmulatorOptions,
  OpenAIScriptedReply,
  ScriptedResponse,
} from './openai-emulator.js';
export { sampleFromSchema, screenplayFromPrompt } from './default-responses.js';
export { silentMp3, silentWav, solidPng } from './media-fixtures.js';

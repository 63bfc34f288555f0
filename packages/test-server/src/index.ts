export { createTestServer, type TestServer, type TestServerOptions } from './test-server.js';
export type { TestServerRoute } from './test-server-route.js';
export type { TestServerRequest } from './test-server-request.js';
export {
  isTestServerReply,
  replies,
  type BytesReply,
  type DropReply,
  type FallbackReply,
  type JsonReply,
  type MalformedReply,
  type ReplyInit,
  type ScriptedHandler,
  type ScriptedReply,
  type SlowReply,
  type TestServerHandler,
  type TestServerReply,
  type TruncatedReply,
} from './test-server-reply.js';
export type { ReplyTarget } from './scripted-replies.js';
export { defaultSecretHeaders, redactSecrets, type LoggedFile, type TestServerLogEntry } from './request-log.js';
export { createPng, type RgbColour } from './media/png.js';
export { createWav } from './media/wav.js';
export { createMp3 } from './media/mp3.js';
export { tinyMp4 } from './media/mp4.js';

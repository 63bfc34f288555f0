/**
 * The Provider spec, version 1: the types a provider plugin implements (text, image, video and
 * speech models) and the values its models exchange with core. Types only; the runtime helpers that
 * go with them (`resolveImageCapabilities`, `resolveVideoCapabilities`) live beside this folder. A
 * change that would break a v1 plugin goes into a new `v2` folder instead.
 */
export type * from './json-value.js';
export type * from './model-warning.js';
export type * from './model-call-base.js';
export type * from './call-cost.js';
export type * from './input-file.js';
export type * from './generated-file.js';
export type * from './shot-context.js';
export type * from './started-operation.js';
export type * from './operation-status.js';
export type * from './find-options.js';
export type * from './text-model-v1-call-options.js';
export type * from './text-model-v1-result.js';
export type * from './text-model-v1.js';
export type * from './image-model-v1-capabilities.js';
export type * from './image-model-v1-call-options.js';
export type * from './image-model-v1-result.js';
export type * from './image-model-v1.js';
export type * from './video-mode.js';
export type * from './video-model-v1-capabilities.js';
export type * from './video-model-v1-call-options.js';
export type * from './video-model-v1-result.js';
export type * from './video-model-v1.js';
export type * from './speech-model-v1-call-options.js';
export type * from './speech-model-v1-result.js';
export type * from './speech-model-v1.js';
export type * from './provider-v1.js';
export type * from './any-model-v1.js';

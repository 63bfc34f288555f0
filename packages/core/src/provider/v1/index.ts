export type * from './shared.js';
export type * from './text-model-v1.js';
export type * from './image-model-v1.js';
export type * from './video-model-v1.js';
export type * from './speech-model-v1.js';
export type * from './provider-v1.js';
export * from './capabilities.js';

export * from './job-keys.js';
export { sceneWriterSystemPrompt, overviewSystemPrompt, enhancerSystemPrompt } from './prompts.js';
export * from './screenplay-builder.js';
export * from './visual-character-builder.js';
export * from './keyframe-generator.js';
export * from './video-generator.js';
export * from './audio-generator.js';
export * from './video-processing-pipeline.js';

export * from './pipeline.js';
export type * from './pipeline-state.js';
export * from './stage.js';

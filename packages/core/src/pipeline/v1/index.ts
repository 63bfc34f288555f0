export type * from './movie-input.js';
export type * from './movie-settings.js';
export type * from './plan-context.js';
export type * from './job-outcome.js';
export type * from './operation-calls.js';
export type * from './job-context.js';
export type * from './stage-v1.js';

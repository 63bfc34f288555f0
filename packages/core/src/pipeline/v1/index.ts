/**
 * The Stage spec, version 1: the type a pipeline stage implements (`StageV1`) and what it plans
 * from, runs with and returns. Types only; `defaultMovieSettings`, `Pipeline` and `planStages` live
 * beside this folder. A change that would break a v1 stage goes into a new `v2` folder instead.
 */
export type * from './movie-input.js';
export type * from './edit-cut.js';
export type * from './job-override.js';
export type * from './movie-settings.js';
export type * from './plan-context.js';
export type * from './job-outcome.js';
export type * from './operation-calls.js';
export type * from './job-context.js';
export type * from './stage-v1.js';
export type * from './stage.js';

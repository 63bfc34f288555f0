export * from './pipeline.js';
export type * from './pipeline-state.js';
export type * from './v1/index.js';
export { defaultMovieSettings } from './default-movie-settings.js';
export { planStages } from './plan-stages.js';

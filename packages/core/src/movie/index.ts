export * from './assets.js';
export * from './layout.js';
export * from './movie-maker.js';
export * from './change-plan.js';
export * from './take-files.js';
export * from './movie-worker.js';
export * from './edit-record.js';

export * from './assets.js';
export * from './layout.js';
export * from './movie-maker.js';

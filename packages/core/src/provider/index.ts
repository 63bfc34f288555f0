export * from './v1/index.js';
export * from './fallback-models.js';

export * from './errors/index.js';
export * from './screenplay/index.js';
export * from './provider/index.js';
export * from './post-production/index.js';
export * from './job-store/index.js';

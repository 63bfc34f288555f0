export * from './cinema-error.js';
export * from './api-call-error.js';
export * from './errors.js';

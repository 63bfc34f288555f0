export * from './cinema-config.js';
export { configSchema } from './config-schema.js';
export * from './load-config.js';
export * from './create-movie-maker.js';

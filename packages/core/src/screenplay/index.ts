export * from './screenplay-schema.js';
export * from './parse-screenplay.js';

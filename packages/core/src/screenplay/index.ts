export * from './screenplay-schema.js';
export * from './parse-screenplay.js';
export * from './script-units.js';
export * from './scene-ids.js';
export * from './scene-draft.js';
export * from './merge-screenplay.js';

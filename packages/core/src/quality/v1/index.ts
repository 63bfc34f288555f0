/** The quality-check spec, version 1: types only. */
export type * from './asset-expectation.js';
export type * from './asset-check.js';
export type * from './asset-checker-v1.js';

/** The asset storage spec, version 1: types only. */
export type * from './asset-info.js';
export type * from './asset-store-v1.js';

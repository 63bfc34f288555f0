export type * from './v1/index.js';

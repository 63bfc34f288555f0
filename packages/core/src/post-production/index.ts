export type * from './v1/post-production-v1.js';

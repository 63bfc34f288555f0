/**
 * The JobStore spec, version 1: the types a job store plugin implements (`JobStoreV1`) and the
 * records it keeps. Types only; `jobStatuses` and `MemoryJobStore` live beside this folder. A
 * change that would break a v1 store goes into a new `v2` folder instead.
 */
export type * from './job-status.js';
export type * from './job-take.js';
export type * from './job-artifact.js';
export type * from './job-spec.js';
export type * from './job-output.js';
export type * from './job-attempt-error.js';
export type * from './job.js';
export type * from './job-lease.js';
export type * from './claim-request.js';
export type * from './job-completion.js';
export type * from './job-failure.js';
export type * from './stage-summary.js';
export type * from './job-summary.js';
export type * from './movie-record.js';
export type * from './job-store-v1.js';
export type * from './store-event.js';
export type * from './webhook-delivery.js';

export type * from './v1/index.js';
export { jobStatuses } from './job-statuses.js';
export { MemoryJobStore } from './memory-job-store.js';
export { emptyStageSummary, summarizeJobs } from './summarize-jobs.js';
export { jobEventMark, storeEventTypeOf } from './store-event-type-of.js';
export type { JobEventMark } from './store-event-type-of.js';
export { storeEventTypes } from './store-event-types.js';

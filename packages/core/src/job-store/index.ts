export type * from './v1/index.js';
export { jobStatuses } from './job-statuses.js';
export { MemoryJobStore } from './memory-job-store.js';
export { emptyStageSummary, summarizeJobs } from './summarize-jobs.js';

export type * from './v1/job.js';
export type * from './v1/job-artifact.js';
export { jobStatuses } from './v1/job.js';
export type * from './v1/job-store-v1.js';
export { MemoryJobStore } from './memory-job-store.js';
export { emptyStageSummary, summarizeJobs } from './summarize-jobs.js';

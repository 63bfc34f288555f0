export { createPostgresJobStore, PostgresJobStore } from './postgres-job-store.js';
export type { PostgresJobStoreOptions } from './postgres-job-store-options.js';
export type { ClockSource } from './store-clock.js';
export { latestSchemaVersion } from './schema.js';

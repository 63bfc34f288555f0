export { createSqliteJobStore, SqliteJobStore } from './sqlite-job-store.js';
export type { SqliteJobStoreOptions } from './sqlite-job-store.js';
export { latestSchemaVersion } from './schema.js';

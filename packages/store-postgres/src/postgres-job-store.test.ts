import type { JobStoreV1 } from '@cinema/core';
import { runJobStoreConformance } from '@cinema/core/testing';
import { createPostgresJobStore } from './postgres-job-store.js';
import type { PostgresJobStore } from './postgres-job-store.js';
import { dropSchema, testDatabaseUrl, uniqueSchema } from './test-support/test-database.js';

// The suite drives time by hand (explicit `now` values from 2023), so it runs on the caller's clock;
// database-clock.test.ts proves the default, the database's clock.
runJobStoreConformance('PostgresJobStore', () => createPostgresJobStore({ connectionString: testDatabaseUrl(), schema: uniqueSchema('conformance'), clock: 'caller' }), {
  openAnother: (store: JobStoreV1) => createPostgresJobStore({ connectionString: testDatabaseUrl(), schema: (store as PostgresJobStore).schema, clock: 'caller' }),
  cleanup: (store: JobStoreV1) => dropSchema((store as PostgresJobStore).schema),
});

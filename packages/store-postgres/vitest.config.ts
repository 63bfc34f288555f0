import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'store-postgres',
    include: ['src/**/*.test.ts'],
    // Fails the whole project, with what to do, when there is no PostgreSQL to test against.
    globalSetup: ['./src/test-support/require-test-database.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

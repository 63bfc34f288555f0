import { adminQuery, howToStartPostgres, testDatabaseUrl } from './test-database.js';

/**
 * vitest global setup: the store's tests run against a real PostgreSQL, and without one they fail
 * here, once, saying how to start it, instead of each test failing on its own or being skipped.
 */
export default async function requireTestDatabase(): Promise<void> {
  testDatabaseUrl();
  try {
    await adminQuery('select 1');
  } catch (error) {
    throw new Error(`Cannot connect to the test database (${(error as Error).message}).\n${howToStartPostgres}`);
  }
}

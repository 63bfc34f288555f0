import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The environment variable that points the tests at a PostgreSQL database. */
export const testDatabaseVariable = 'CINEMA_TEST_DATABASE_URL';

/** What to do when there is no database to test against. */
export const howToStartPostgres = [
  `@cinema/store-postgres tests need PostgreSQL: set ${testDatabaseVariable}, e.g. postgres://cinema:cinema@127.0.0.1:5432/cinema_test`,
  'for a role that may create schemas. On a machine with Debian\'s PostgreSQL 15, from the repository root:',
  '  sudo pg_ctlcluster 15 main start',
  '  eval "$(scripts/start-test-postgres.sh)"   # creates the role and database, and exports the variable',
].join('\n');

export function testDatabaseUrl(): string {
  const url = process.env[testDatabaseVariable];
  if (!url) throw new Error(howToStartPostgres);
  return url;
}

/**
 * A schema name no other test file or run uses, so files running in parallel never share tables.
 * `application_name` carries it too, so a test can find (and terminate) its own connections only.
 */
export function uniqueSchema(label: string): string {
  return `test_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** The test database's connection string, with `application_name` set so the test's backends can be told apart. */
export function connectionStringFor(applicationName: string): string {
  const url = new URL(testDatabaseUrl());
  url.searchParams.set('application_name', applicationName);
  return url.toString();
}

/** Runs one statement on a connection of its own, outside any store. */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: testDatabaseUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await adminQuery(`drop schema if exists "${schema.replaceAll('"', '""')}" cascade`);
}

/** Ends every backend a connection string made with `connectionStringFor(applicationName)` opened. Returns how many. */
export async function terminateBackends(applicationName: string): Promise<number> {
  const rows = await adminQuery<{ terminated: boolean }>(
    'select pg_terminate_backend(pid) as terminated from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()',
    [applicationName],
  );
  return rows.filter((row) => row.terminated).length;
}

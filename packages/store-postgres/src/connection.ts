import type { PostgresPool } from 'kysely';
import pg from 'pg';
import { nameStatements, newStatementNames } from './named-statements.js';

export interface PoolSettings {
  connectionString: string;
  maxConnections: number;
}

/**
 * A pg pool that survives the server going away. An idle connection the server closes (a restart,
 * `pg_terminate_backend`) makes pg emit `error` on the pool, and one closed between two statements
 * of a transaction emits it on the client: unheard, either would crash the process. Both are
 * listened to; the broken connection is dropped by pg-pool and the call that needed it fails with an
 * error that `withReconnect` retries. TCP keep-alive notices a peer that vanished without a word,
 * and a connect that hangs (a host that drops packets) gives up after 10 s rather than never.
 * Repeated statements are prepared once per connection (see `nameStatements`).
 */
export function createPool(settings: PoolSettings): PostgresPool {
  const pool = new pg.Pool({
    connectionString: settings.connectionString,
    max: settings.maxConnections,
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
    // Shown in pg_stat_activity, unless the connection string names one.
    application_name: 'cinema',
  });
  pool.on('error', ignore);
  const statements = newStatementNames();
  pool.on('connect', (client) => {
    client.on('error', ignore);
    nameStatements(client, statements);
  });
  return pool;
}

function ignore() {}

/** The connection string without its password, e.g. `postgres://cinema@db:5432/films`, for messages. */
export function describeConnection(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return `${url.protocol}//${user}${url.host}${url.pathname}`;
  } catch {
    return 'postgres (a connection string that is not a URL)';
  }
}

/** What a pool passed in says about where it connects, if it is a pg pool; for messages. */
export function describePool(pool: PostgresPool): string {
  const options = (pool as { options?: { host?: string; port?: number; database?: string; user?: string; connectionString?: string } }).options;
  if (options?.connectionString) return describeConnection(options.connectionString);
  if (options?.host || options?.database) return `postgres://${options.user ? `${options.user}@` : ''}${options.host ?? 'localhost'}${options.port ? `:${options.port}` : ''}/${options.database ?? ''}`;
  return 'postgres (a pool passed in)';
}

import { CinemaError, JobStoreError } from '@cinema/core';
import { isUnusableStatement } from './named-statements.js';

const transientSocketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTCONN', 'EAI_AGAIN']);

/**
 * SQLSTATEs worth trying again: the connection broke (class 08), the server is shutting down or
 * starting up (57P01–57P03), too many connections (53300), or the transaction lost a race the
 * server resolved by aborting it (40001, 40P01). None of them leaves half a transaction behind. So
 * is a prepared statement the connection could not use (see `nameStatements`).
 */
const transientSqlStates = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);

/**
 * What pg and pg-pool throw, without a code, when a connection dies under a query or cannot be made;
 * and what kysely throws for the next query on a connection whose rollback failed, as the migrator's
 * release of its lock after a cut under a migration (the cut's own error is lost then).
 */
const transientMessages = /Connection terminated|connection error|is not queryable|timeout exceeded when trying to connect|Connection terminated due to connection timeout|Postgres connection has been discarded/i;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Whether the error says the server could not be reached or dropped the connection, so that the
 * same call may succeed once it is back (a restart, a failover). A write that failed this way may
 * or may not have been committed: the caller must be able to tell (see `withReconnect`).
 */
export function isTransient(error: unknown): boolean {
  if (CinemaError.isInstance(error)) return false;
  if (isUnusableStatement(error)) return true;
  const code = codeOf(error);
  if (code !== undefined && (transientSocketCodes.has(code) || transientSqlStates.has(code) || code.startsWith('08'))) return true;
  if (error instanceof AggregateError) return error.errors.some(isTransient);
  return error instanceof Error && transientMessages.test(error.message);
}

/** Turns an error from PostgreSQL or pg into a JobStoreError that names the store and says what to do. */
export function toStoreError(error: unknown, description: string, action: string): unknown {
  if (CinemaError.isInstance(error)) return error;
  const code = codeOf(error);
  const message = messageOf(error);
  const where = `the job store ${description}`;
  if (code === '28P01' || code === '28000') {
    return new JobStoreError({ message: `PostgreSQL refused the login to ${where} (${message}). Check the user and password in the connection string.`, cause: error });
  }
  if (code === '3D000') {
    return new JobStoreError({ message: `Cannot open ${where}: ${message}. Create the database first (\`createdb NAME\`, or \`CREATE DATABASE\`), or fix its name in the connection string.`, cause: error });
  }
  if (code === '42501') {
    return new JobStoreError({
      message: `PostgreSQL denied the store's user what it needs to ${action} in ${where} (${message}). Grant it CREATE on the database (to make the schema), or create the schema for it: CREATE SCHEMA <schema> AUTHORIZATION <user>.`,
      cause: error,
    });
  }
  if (code === 'ENOTFOUND') {
    return new JobStoreError({ message: `Cannot reach ${where}: the host is unknown (${message}). Fix the host in the connection string.`, cause: error });
  }
  if (isTransient(error)) {
    return new JobStoreError({
      message: `Cannot reach PostgreSQL for ${where} to ${action} (${message}). Check that the server is running and reachable (e.g. \`pg_ctlcluster 15 main start\`), then resume: finished jobs are kept.`,
      cause: error,
    });
  }
  return new JobStoreError({ message: `The job store ${description} failed to ${action}: ${message}`, cause: error });
}

export function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(messageOf).join('; ');
  return error instanceof Error ? error.message : String(error);
}

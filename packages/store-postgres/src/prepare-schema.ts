import { JobStoreError } from '@cinema/core';
import { Migrator, sql } from 'kysely';
import type { Kysely } from 'kysely';
import { applicationMarker, latestSchemaVersion, migrationLockTableName, migrationProviderFor, migrationTableName } from './schema.js';

/**
 * Makes sure `schema` holds a Cinema job store of this version: creates it with its tables when it
 * is empty or missing, migrates an older one, and refuses, changing nothing, a schema that holds
 * tables that are not Cinema's or one written by a newer version. Safe to race: kysely's migrator
 * takes a database-wide advisory lock, so processes starting together migrate once.
 */
export async function prepareSchema(db: Kysely<any>, schema: string, description: string): Promise<void> {
  const version = await inspect(db, schema, description);
  if (version >= latestSchemaVersion) return;
  const migrator = new Migrator({ db, provider: migrationProviderFor(schema), migrationTableName, migrationLockTableName, migrationTableSchema: schema });
  const { error } = await migrator.migrateToLatest();
  // The migrations run in one transaction: one that failed (a lost connection) left nothing half
  // done, and the caller's reconnect loop decides whether to try again.
  if (error !== undefined) throw error;
}

/** The schema version found (0 for an empty or missing schema); throws when the schema is not usable. Writes nothing. */
async function inspect(db: Kysely<any>, schema: string, description: string): Promise<number> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v', 'm', 'f') order by c.relname`.execute(db);
  const tables = rows.map((row) => row.name).filter((name) => name !== migrationTableName && name !== migrationLockTableName);
  if (tables.length === 0) return 0;
  const notOurs = (why: string) =>
    new JobStoreError({
      message: `Cannot use the job store ${description}: the schema "${schema}" is not a Cinema job store (${why}). Cinema will not modify it; choose another schema with the \`schema\` option.`,
    });
  if (!tables.includes('cinema_meta')) {
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
    throw notOurs(`it has no cinema_meta table; its tables are ${shown}`);
  }
  const found = await sql<{ key: string; value: string }>`select key, value from ${sql.id(schema, 'cinema_meta')}`.execute(db);
  const meta = new Map(found.rows.map((row) => [row.key, row.value]));
  if (meta.get('application') !== applicationMarker) throw notOurs(`its cinema_meta does not say application = ${applicationMarker}`);
  const version = Number(meta.get('schema_version'));
  if (!Number.isInteger(version) || version < 1) {
    throw new JobStoreError({ message: `Cannot use the job store ${description}: its schema version "${meta.get('schema_version')}" is not valid. Restore the schema from a backup or choose another.` });
  }
  if (version > latestSchemaVersion) {
    throw new JobStoreError({
      message: `Cannot use the job store ${description}: it was written by a newer @cinema/store-postgres (schema version ${version}; this one knows up to ${latestSchemaVersion}). Upgrade @cinema/store-postgres (and the cinema CLI) on this machine.`,
    });
  }
  return version;
}

import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { JobStoreError } from '@cinema/core';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { applicationMarker, latestSchemaVersion, migrationLockTableName, migrationProvider, migrationTableName } from './schema.js';
import type { StoreDatabase } from './schema.js';
import { isBusy, retryBusy } from './sqlite-errors.js';

export interface OpenDatabaseOptions {
  path: string;
  synchronous: 'FULL' | 'NORMAL';
  busyTimeoutMs: number;
  busyRetryMs: number;
}

export interface OpenedDatabase {
  /** Absolute path, or `:memory:`. */
  path: string;
  database: Database.Database;
  kysely: Kysely<StoreDatabase>;
}

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens (or creates) a Cinema job store file. Files that are not Cinema's are refused before
 * anything is written to them, and a new file appears at `path` only once its schema is complete
 * (built beside it and hard-linked into place), so a process never sees a half-made store.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  if (options.path === ':memory:') {
    const database = new Database(':memory:');
    const kysely = new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database }) });
    await migrate(database, kysely, ':memory:');
    return { path: ':memory:', database, kysely };
  }
  const path = resolve(options.path);
  checkDirectory(path);
  const stats = statOrUndefined(path);
  if (stats === undefined) await createStoreFile(path);
  else checkExistingFile(path, stats);

  let database: Database.Database;
  try {
    database = new Database(path, { fileMustExist: true, timeout: options.busyTimeoutMs });
  } catch (error) {
    throw openError(path, error);
  }
  try {
    const version = await retryBusy(() => inspect(database, path), options.busyRetryMs, path);
    await retryBusy(() => configure(database, options), options.busyRetryMs, path);
    const kysely = new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database }) });
    if (version < latestSchemaVersion) await retryBusy(() => migrate(database, kysely, path), options.busyRetryMs, path);
    return { path, database, kysely };
  } catch (error) {
    database.close();
    throw JobStoreError.isInstance(error) ? error : openError(path, error);
  }
}

function checkDirectory(path: string) {
  const directory = dirname(path);
  const stats = statOrUndefined(directory);
  if (stats === undefined) {
    throw new JobStoreError({
      message: `Cannot open the job store ${path}: the directory ${directory} does not exist. Create it first (mkdir -p "${directory}") or choose another path.`,
    });
  }
  if (!stats.isDirectory()) {
    throw new JobStoreError({ message: `Cannot open the job store ${path}: ${directory} is not a directory. Choose another path.` });
  }
}

function checkExistingFile(path: string, stats: Stats) {
  if (stats.isDirectory()) {
    throw new JobStoreError({ message: `Cannot open the job store ${path}: it is a directory. Point the store at a file inside it, e.g. ${path}/cinema.db.` });
  }
  if (stats.size === 0) {
    throw new JobStoreError({
      message: `Cannot open the job store ${path}: the file is empty (0 bytes), so it is not a Cinema job store. Cinema left it untouched; delete it and run again, or choose another path.`,
    });
  }
  const header = Buffer.alloc(sqliteMagic.length);
  const descriptor = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(descriptor, header, 0, header.length, 0);
  } finally {
    closeSync(descriptor);
  }
  if (read < header.length || !header.equals(sqliteMagic)) {
    throw new JobStoreError({
      message: `Cannot open the job store ${path}: it is not a SQLite database (corrupt, or another kind of file). Cinema left it untouched; restore it from a backup, move it away, or choose another path.`,
    });
  }
}

/** Reads the marker and schema version; throws for files that are not Cinema's or are newer. Writes nothing. */
function inspect(database: Database.Database, path: string): number {
  const tables = (database.prepare(`select name from sqlite_master where type = 'table' order by name`).all() as { name: string }[]).map((row) => row.name);
  const notOurs = (why: string) =>
    new JobStoreError({
      message: `Cannot open the job store ${path}: it is a SQLite database but not a Cinema job store (${why}). Cinema will not modify it; choose another path for the store.`,
    });
  if (!tables.includes('cinema_meta')) {
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
    throw notOurs(tables.length === 0 ? 'it has no tables' : `it has no cinema_meta table; its tables are ${shown}`);
  }
  const meta = new Map((database.prepare('select key, value from cinema_meta').all() as { key: string; value: string }[]).map((row) => [row.key, row.value]));
  if (meta.get('application') !== applicationMarker) throw notOurs(`its cinema_meta does not say application = ${applicationMarker}`);
  const version = Number(meta.get('schema_version'));
  if (!Number.isInteger(version) || version < 1) {
    throw new JobStoreError({ message: `Cannot open the job store ${path}: its schema version "${meta.get('schema_version')}" is not valid. Restore the file from a backup or move it away.` });
  }
  if (version > latestSchemaVersion) {
    throw new JobStoreError({
      message: `Cannot open the job store ${path}: it was written by a newer @cinema/tracker-sqlite (schema version ${version}; this one knows up to ${latestSchemaVersion}). Upgrade @cinema/tracker-sqlite (and the cinema CLI) to open it.`,
    });
  }
  return version;
}

function configure(database: Database.Database, options: OpenDatabaseOptions) {
  const mode = database.pragma('journal_mode', { simple: true });
  if (String(mode).toLowerCase() !== 'wal') database.pragma('journal_mode = WAL');
  database.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
  database.pragma(`synchronous = ${options.synchronous}`);
  // Keeps a WAL that once grew large from staying large after checkpoints.
  database.pragma('journal_size_limit = 67108864');
}

/**
 * Brings the schema up to date in one `BEGIN IMMEDIATE` transaction: kysely's SQLite migrator takes
 * no lock of its own, so two processes opening an older file at once would otherwise both rebuild
 * it. The second waits for the write lock, then finds nothing left to do; a failed migration leaves
 * the file as it was.
 */
async function migrate(database: Database.Database, kysely: Kysely<StoreDatabase>, path: string) {
  const migrator = new Migrator({ db: kysely, provider: migrationProvider, migrationTableName, migrationLockTableName });
  database.exec('begin immediate');
  let error: unknown;
  try {
    ({ error } = await migrator.migrateToLatest());
  } catch (thrown) {
    error = thrown;
  }
  if (error === undefined) {
    database.exec('commit');
    return;
  }
  if (database.inTransaction) database.exec('rollback');
  if (isBusy(error)) throw error;
  throw new JobStoreError({ message: `Cannot migrate the job store ${path} to schema version ${latestSchemaVersion}: ${messageOf(error)}. Restore the file from a backup or move it away.`, cause: error });
}

async function createStoreFile(path: string) {
  const temporary = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.creating`;
  try {
    const database = new Database(temporary);
    const kysely = new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database }) });
    try {
      database.pragma('journal_mode = WAL');
      await migrate(database, kysely, path);
    } finally {
      await kysely.destroy();
      if (database.open) database.close();
    }
    try {
      linkSync(temporary, path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Another process created the store first: use theirs.
      if (code === 'EEXIST') return;
      // Filesystems without hard links: a plain rename, after checking nobody created it meanwhile.
      if ((code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') && statOrUndefined(path) === undefined) renameSync(temporary, path);
      else throw error;
    }
  } catch (error) {
    throw JobStoreError.isInstance(error) ? error : new JobStoreError({ message: `Cannot create the job store ${path}: ${messageOf(error)}. Check that the directory is writable.`, cause: error });
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(temporary + suffix, { force: true });
  }
}

function openError(path: string, error: unknown): JobStoreError {
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new JobStoreError({
      message: `Cannot open the job store ${path}: the file is corrupt (${messageOf(error)}). Cinema left it untouched; restore it from a backup, or move it away to start over.`,
      cause: error,
    });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return new JobStoreError({ message: `Cannot open the job store ${path}: ${messageOf(error)}. Check that the file and its directory are readable and writable.`, cause: error });
  }
  return new JobStoreError({ message: `Cannot open the job store ${path}: ${messageOf(error)}.`, cause: error });
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new JobStoreError({ message: `Cannot open the job store ${path}: ${messageOf(error)}.`, cause: error });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

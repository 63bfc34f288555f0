import { resolve } from 'node:path';
import { type AssetStoreV1, ConfigError, type JobStoreV1, localFolderAssetStore } from '@cinema/core';

/**
 * The job store a `--store` flag names: `postgres://…` (or `postgresql://`) for `@cinema/store-postgres`,
 * with `?schema=NAME` for a schema other than its default, or `sqlite:PATH` or a path for an SQLite
 * file. The URL's password is never repeated in a message.
 */
export async function openStoreUrl(url: string, cwd: string): Promise<JobStoreV1> {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const { createPostgresJobStore } = await importOptional<{ createPostgresJobStore(options: { connectionString: string; schema?: string }): JobStoreV1 }>(
      '@cinema/store-postgres',
      '--store postgres://…',
    );
    const { connectionString, schema } = splitSchema(url);
    return createPostgresJobStore({ connectionString, schema });
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new ConfigError({ message: `--store ${redact(url)} is not a store Cinema knows: give postgres://user@host/db, sqlite:path/cinema.db or a path to an SQLite file.` });
  }
  const { createSqliteJobStore } = await import('@cinema/tracker-sqlite');
  return createSqliteJobStore({ path: resolve(cwd, url.replace(/^sqlite:/i, '')) });
}

/**
 * The asset store a `--storage` flag names: `s3://bucket/prefix` for `@cinema/storage-s3` (endpoint,
 * region and path-style addressing as its README says), or `file:PATH` / a path for a shared folder.
 */
export async function openStorageUrl(url: string, cwd: string): Promise<AssetStoreV1> {
  if (/^s3:\/\//i.test(url)) {
    // On Node 20 the AWS SDK warns, on every command, that its releases after January 2027 need
    // Node 22: news for whoever upgrades dependencies, not for someone making a film. Setting the
    // variable to anything else shows it again.
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
    const { openAssetStoreUrl } = await importOptional<{ openAssetStoreUrl(url: string): AssetStoreV1 }>('@cinema/storage-s3', '--storage s3://…');
    return openAssetStoreUrl(url);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new ConfigError({ message: `--storage ${redact(url)} is not a storage Cinema knows: give s3://bucket/prefix, file:/shared/folder or a folder path.` });
  }
  return localFolderAssetStore(resolve(cwd, url.replace(/^file:/i, '')));
}

/** `?schema=` is Cinema's, not libpq's: it is taken off the URL before pg sees it. */
function splitSchema(url: string): { connectionString: string; schema?: string } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}

async function importOptional<T>(name: string, flag: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    throw new ConfigError({ message: `${flag} needs ${name}, which is not installed: run \`npm install ${name}\`.`, cause: error });
  }
}

/** A URL without its password or query (which may carry keys), for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = parsed.password ? '***' : '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return '(the URL given)';
  }
}

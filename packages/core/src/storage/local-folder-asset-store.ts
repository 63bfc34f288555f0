import { temporaryPath } from '../util/temporary-path.js';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { AssetNotFoundError, InvalidInputError, toCinemaError } from '../errors/index.js';
import { sha256OfFile } from '../util/hash.js';
import { assertValidAssetKey, assertValidAssetKeyPrefix } from './asset-key.js';
import { assertValidUrlLifetime } from './url-lifetime.js';
import type { AssetInfo, AssetListing, AssetStoreV1 } from './v1/index.js';

/**
 * Keeps assets as files under `root`, at their keys: with the base directory as root this is the
 * movie folders' layout itself, so a put of a file already in place only checks it. A shared
 * folder (a network mount) as root lets several machines' movie folders meet there. It keeps no
 * checksums of its own: `stat` hashes the file it reports.
 */
export function localFolderAssetStore(root: string): AssetStoreV1 {
  const base = resolve(root);
  const pathOf = (key: string) => {
    assertValidAssetKey(key);
    return join(base, ...key.split('/'));
  };

  async function info(key: string, path: string): Promise<AssetInfo | undefined> {
    const bytes = await sizeOf(path);
    return bytes === undefined ? undefined : { key, bytes, sha256: await sha256OfFile(path) };
  }

  return {
    specificationVersion: 'v1',
    description: `file:${base}`,

    async put(key, file, options) {
      const target = pathOf(key);
      throwIfAborted(options?.abortSignal);
      const found = await stat(file.path).catch((error: NodeJS.ErrnoException) => {
        throw new InvalidInputError({ message: `Cannot put ${file.path} as ${key}: the file cannot be read (${error.code ?? error.message}).`, cause: error });
      });
      if (found.size !== file.bytes) throw changedFile(file.path, key);
      if (resolve(file.path) !== target) await copyChecked(file.path, target, file.sha256, key);
      else if ((await sha256OfFile(target)) !== file.sha256) throw changedFile(file.path, key);
      return { key, bytes: file.bytes, sha256: file.sha256 };
    },

    async get(key, destinationPath, options) {
      const source = pathOf(key);
      throwIfAborted(options?.abortSignal);
      const stored = await info(key, source);
      if (!stored) throw new AssetNotFoundError({ key, where: `file:${base}` });
      if (resolve(destinationPath) !== source) await copyChecked(source, destinationPath, stored.sha256, key);
      return stored;
    },

    async stat(key) {
      return info(key, pathOf(key));
    },

    async url(key, options) {
      pathOf(key);
      assertValidUrlLifetime(key, options.expiresInSeconds);
      // A provider's servers cannot read this machine's disk: they are sent the bytes instead.
      return undefined;
    },

    async list(prefix) {
      assertValidAssetKeyPrefix(prefix);
      const found: AssetListing[] = [];
      for (const path of await filesUnder(base)) {
        const key = relative(base, path).split(sep).join('/');
        if (!key.startsWith(prefix) || key.endsWith('.partial')) continue;
        const stored = await sizeOf(path);
        if (stored !== undefined) found.push({ key, bytes: stored });
      }
      return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },

    async close() {},
  };
}

/** The size of the file at `path`, or undefined when there is no file there. */
async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const found = await stat(path);
    return found.isFile() ? found.size : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Copies through a temporary name, checks the copy's checksum, then renames it into place. */
async function copyChecked(from: string, to: string, sha256: string, key: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  const temporary = temporaryPath(to);
  try {
    await copyFile(from, temporary);
    if ((await sha256OfFile(temporary)) !== sha256) throw changedFile(from, key);
    await rename(temporary, to);
  } finally {
    await rm(temporary, { force: true });
  }
}

function changedFile(path: string, key: string) {
  return new InvalidInputError({
    message: `${path} does not match the size and checksum recorded for ${key}: it changed after its job wrote it. Run \`cinema retry <movie> --job <key>\` to make it again.`,
  });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw toCinemaError(signal.reason);
}

async function filesUnder(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

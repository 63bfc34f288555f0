import { InvalidInputError } from '../errors/index.js';

const keyLayout = 'Keys are {movieId}/{path in the movie folder}, e.g. m1/videos/scene_1.mp4';

/** Why a store must not take `key`, or undefined when it may. */
function keyProblem(key: string): string | undefined {
  return key.length === 0 ? 'it is empty'
    : key.startsWith('/') ? 'it starts with /'
    : key.includes('\\') ? 'it holds a backslash'
    : key.includes('\0') ? 'it holds a NUL character'
    : key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..') ? 'it has an empty, . or .. segment'
    : undefined;
}

/**
 * Refuses a key an asset store must not take (see `AssetStoreV1`): one that could name a file
 * outside the store's root or the movie's folder once joined to a path or a bucket prefix.
 */
export function assertValidAssetKey(key: string): void {
  const problem = keyProblem(key);
  if (problem) throw new InvalidInputError({ message: `The asset key "${key}" cannot be used: ${problem}. ${keyLayout}.` });
}

/**
 * Refuses a prefix `AssetStoreV1.list` must not take. `''` (every file) and the start of a key,
 * with or without a trailing `/` (`m1/`, `m1/videos/scene_`), are fine; what the key rules refuse
 * is refused (`../x`, `/abs`, `a//b`).
 */
export function assertValidAssetKeyPrefix(prefix: string): void {
  if (prefix === '') return;
  const problem = keyProblem(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  if (problem) throw new InvalidInputError({ message: `The asset key prefix "${prefix}" cannot be used: ${problem}. ${keyLayout}; a movie's files are listed with "{movieId}/", e.g. m1/.` });
}

/** The key of a file of a movie: `{movieId}/{relativePath}`, with the path's separators made `/`. */
export function assetKey(movieId: string, relativePath: string): string {
  const key = `${movieId}/${relativePath.split('\\').join('/')}`;
  assertValidAssetKey(key);
  return key;
}

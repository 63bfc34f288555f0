import { InvalidInputError } from '../errors/index.js';

/**
 * Refuses a key an asset store must not take (see `AssetStoreV1`): one that could name a file
 * outside the store's root or the movie's folder once joined to a path or a bucket prefix.
 */
export function assertValidAssetKey(key: string): void {
  const problem =
    key.length === 0 ? 'it is empty'
    : key.startsWith('/') ? 'it starts with /'
    : key.includes('\\') ? 'it holds a backslash'
    : key.includes('\0') ? 'it holds a NUL character'
    : key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..') ? 'it has an empty, . or .. segment'
    : undefined;
  if (problem) throw new InvalidInputError({ message: `The asset key "${key}" cannot be used: ${problem}. Keys are {movieId}/{path in the movie folder}, e.g. m1/videos/scene_1.mp4.` });
}

/** The key of a file of a movie: `{movieId}/{relativePath}`, with the path's separators made `/`. */
export function assetKey(movieId: string, relativePath: string): string {
  const key = `${movieId}/${relativePath.split('\\').join('/')}`;
  assertValidAssetKey(key);
  return key;
}

import { InvalidInputError } from '../errors/index.js';

/** The longest an `AssetStoreV1.url` may last: 7 days, the longest an S3 signature lasts. */
export const longestAssetUrlSeconds = 604_800;

/** Refuses a lifetime `AssetStoreV1.url` must not take: whole seconds from 1 to 7 days. */
export function assertValidUrlLifetime(key: string, expiresInSeconds: number): void {
  if (Number.isInteger(expiresInSeconds) && expiresInSeconds >= 1 && expiresInSeconds <= longestAssetUrlSeconds) return;
  throw new InvalidInputError({ message: `A URL for ${key} cannot last ${expiresInSeconds} seconds: asset URLs last 1 to ${longestAssetUrlSeconds} seconds (7 days, the longest an S3 signature lasts), in whole seconds.` });
}

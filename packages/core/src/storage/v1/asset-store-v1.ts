import type { AssetInfo, AssetListing } from './asset-info.js';

/**
 * Where a movie's files live when more than one machine works on it: every job's outputs are put
 * here before the job counts as completed, and a job on any machine gets its inputs (an earlier
 * job's outputs) from here into its local movie folder first. The edit gets its clips and lines
 * the same way and puts the film. The local folder (`localFolderAssetStore`, the default) keeps
 * today's layout under the base directory; `@cinema/storage-s3` keeps it in a bucket.
 *
 * Keys are the seed's layout under the movie's id, `/`-separated: `{movieId}/characters/char_1_front.png`.
 * A key with an empty segment, `.`, `..`, a backslash or a leading `/` is refused with an
 * `InvalidInputError`. A reader never sees a partly written file: a put replaces the whole file at
 * once or not at all. `runAssetStoreConformance` from `@cinema/core/testing` is the contract.
 */
export interface AssetStoreV1 {
  /** The asset store spec this store speaks; the config is refused with a clear error for any other. */
  readonly specificationVersion: 'v1';
  /** Where the store keeps the files, for messages, e.g. `s3://bucket/prefix` or `file:/abs/output`. */
  readonly description: string;

  /**
   * Stores the local file at `file.path` under `key`, replacing what is there (a new take of a job
   * writes the same key). The bytes sent must be `file.bytes` long and hash to `file.sha256`: a file
   * that changed since its job recorded it is refused with an `InvalidInputError` that names it,
   * and nothing is stored (what was under `key` stays). Returns what is now stored.
   */
  put(key: string, file: { path: string; sha256: string; bytes: number; mediaType: string }, options?: { abortSignal?: AbortSignal }): Promise<AssetInfo>;
  /**
   * Writes the stored file to `destinationPath` (through a temporary name and a rename, so a
   * broken download leaves nothing behind and a file already there as it was), creating its folder,
   * after checking its bytes against the sha256 it was put with: a stored file that no longer
   * matches is refused with a `CinemaError` of category `store` naming the key. Rejects with an
   * `AssetNotFoundError` when the key is not stored.
   */
  get(key: string, destinationPath: string, options?: { abortSignal?: AbortSignal }): Promise<AssetInfo>;
  /** What is stored under `key`, or undefined when nothing is (this is also how to ask whether a file exists). */
  stat(key: string): Promise<AssetInfo | undefined>;
  /**
   * A URL from which a provider's servers can fetch the file for `expiresInSeconds`, handed to
   * providers that take reference URLs instead of uploading the file again; undefined when the store
   * has none such (a local folder). `expiresInSeconds` is 1 to 604,800 (7 days, the longest an S3
   * signature lasts); another value is refused with an `InvalidInputError`. The URL is a secret for
   * that long: whoever holds it can read the file.
   */
  url(key: string, options: { expiresInSeconds: number }): Promise<string | undefined>;
  /**
   * Every stored file whose key starts with `prefix` (e.g. `m1/`, which does not list `m10/`), with
   * its size (`stat` gives a file's checksum), ordered by key (by UTF-16 code unit, as `Array.prototype.sort` orders strings). `''` lists
   * everything; a prefix the key rules refuse (`../`) is refused with an `InvalidInputError`.
   */
  list(prefix: string): Promise<AssetListing[]>;
  /** Releases what the store holds open (connections). Called once, when its owner is done with it. */
  close(): Promise<void>;
}

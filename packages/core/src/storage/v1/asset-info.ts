/** What an asset store knows of one stored file. */
export interface AssetInfo {
  /** The file's key: `{movieId}/` and its path in the movie's layout, e.g. `m1/videos/scene_1.mp4`. */
  key: string;
  /** The file's size in bytes. */
  bytes: number;
  /** The sha256 of the file's bytes, as lowercase hex, recorded when it was put. */
  sha256: string;
}

/**
 * A file as a listing shows it: its key and size. A listing leaves checksums out because S3 lists
 * 1,000 keys a request but has a file's metadata only one request a file; `stat` gives a checksum.
 */
export type AssetListing = Pick<AssetInfo, 'key' | 'bytes'>;

/** What an asset store knows of one stored file. */
export interface AssetInfo {
  /** The file's key: `{movieId}/` and its path in the movie's layout, e.g. `m1/videos/scene_1.mp4`. */
  key: string;
  /** The file's size in bytes. */
  bytes: number;
  /** The sha256 of the file's bytes, as lowercase hex, recorded when it was put. */
  sha256: string;
}

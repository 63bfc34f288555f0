/**
 * A file handed to a model as input (a reference image, a first or last frame): a local file,
 * already read into memory. Core's stages make it with `JobContext.readAsset` from files earlier
 * jobs wrote.
 */
export interface InputFile {
  /**
   * The file's path on disk: absolute when core read it from the movie's directory. Providers that
   * upload files use its base name as the upload's file name; offline ones may read it directly.
   */
  path: string;
  /**
   * The file's media type, from its extension (`image/png`, `image/jpeg`, `video/mp4`, ...);
   * `application/octet-stream` when the extension is unknown.
   */
  mediaType: string;
  /** The whole file. */
  data: Uint8Array;
  /**
   * A URL from which the provider's servers can fetch the same bytes for at least an hour: a
   * presigned URL of the movie's asset store (`AssetStoreV1.url`), set by core when one is
   * configured. Providers that take reference URLs send it instead of uploading the file again.
   * Default: none, and such providers upload `data`.
   */
  url?: string;
  /**
   * What the file shows, for models that take captioned references and for messages. Core's stages
   * set `{characterId} {view}` on character sheets (`char_1 front`), `first frame` and `last frame`
   * on a clip's frames, and the character's id on a clip's references. Default: none.
   */
  label?: string;
}

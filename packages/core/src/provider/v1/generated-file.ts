/**
 * An image, video or audio file a model produced: the bytes themselves, or a URL core downloads
 * them from.
 *
 * A stage hands it to `JobContext.writeAsset`, which writes it under the movie's directory through
 * a temporary name and a rename, so a half-written file is never taken as done. A URL is streamed
 * to disk with the run's `fetch`; the download fails with a retryable error when it breaks off,
 * when it answers 5xx, 429 or 408, when the body is HTML or JSON where media was expected, or when
 * its length differs from `expectedBytes` (or from `Content-Length` when that is not given). A 404
 * or 410 means the provider no longer has the file: the next attempt makes the work again. An empty
 * file, given as bytes or downloaded, is a retryable error too.
 */
export type GeneratedFile =
  | {
      /**
       * The file's media type, e.g. `image/png`, `video/mp4`, `audio/mpeg`. It names the extension
       * of clips and dialogue files (an unknown video type is saved as `.mp4`, an unknown audio
       * type as `.bin`); pictures keep their `.png` name whatever the type.
       */
      mediaType: string;
      /** The whole file, written as is. */
      data: Uint8Array;
    }
  | {
      /** The file's media type, as for a file given as bytes. */
      mediaType: string;
      /**
       * Where to download the file from, usually a signed link that expires. Only the origin and
       * path ever appear in messages: the query string may carry a token.
       */
      url: string;
      /**
       * Headers the download needs, e.g. an `Authorization` header. Sent with the download only and
       * never persisted. Default: none.
       */
      headers?: Record<string, string>;
      /**
       * Bytes the file must have, when the provider said: a download of any other length is
       * retried. Default: the response's `Content-Length`, when it sends one.
       */
      expectedBytes?: number;
    };

import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** What went through a {@link HashingStream}: its length and sha256 (lowercase hex). */
export interface HashedBytes {
  bytes: number;
  sha256: string;
}

/**
 * Passes bytes through unchanged while hashing and counting them. When they have all gone through,
 * `check` sees the totals; an error it returns fails the stream before its end reaches the reader,
 * so an upload never completes and a download is never renamed into place.
 */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(private readonly check: (hashed: HashedBytes) => Error | undefined) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.byteLength;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    callback(this.check({ bytes: this.bytes, sha256: this.hash.digest('hex') }));
  }
}

import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  AssetNotFoundError,
  type AssetInfo,
  type AssetListing,
  type AssetStoreV1,
  assertValidAssetKey,
  assertValidAssetKeyPrefix,
  assertValidUrlLifetime,
  CinemaError,
  ConfigError,
  InvalidInputError,
  toCinemaError,
} from '@cinema/core';
import { HashingStream, type HashedBytes } from './hashing-stream.js';
import { missingBucketError, type S3CallContext, toStorageError } from './s3-errors.js';
import type { S3AssetStoreSettings } from './s3-asset-store-settings.js';

/** The object metadata field (`x-amz-meta-sha256`) that holds a file's sha256. */
const sha256Metadata = 'sha256';
const defaultPartSizeBytes = 8 * 1024 * 1024;
const minimumPartSizeBytes = 5 * 1024 * 1024;
const partsAtATime = 4;

/**
 * An asset store in an S3 bucket (AWS or any S3-compatible server): each file is an object at
 * `{prefix}/{key}` with its sha256 in the object's metadata. Files over `partSizeBytes` go up as a
 * multipart upload; `get` hashes while it downloads and renames into place only when the hash
 * matches; `url` is a presigned GET (unless `presignedUrls` is false).
 */
export class S3AssetStore implements AssetStoreV1 {
  readonly specificationVersion = 'v1';
  readonly description: string;
  /** The bucket the files are in. */
  readonly bucket: string;
  /** The folder in the bucket the keys are under, without slashes at its ends; `''` for none. */
  readonly prefix: string;
  /** The SDK client the store sends its requests with. */
  readonly client: S3Client;
  private readonly ownsClient: boolean;
  private readonly endpointForMessages: string;
  private readonly partSizeBytes: number;
  private readonly presignedUrls: boolean;
  private bucketSeen = false;

  constructor(settings: S3AssetStoreSettings) {
    this.bucket = checkedBucket(settings.bucket);
    this.prefix = checkedPrefix(settings.prefix ?? '');
    this.description = `s3://${this.bucket}${this.prefix ? `/${this.prefix}` : ''}`;
    this.partSizeBytes = checkedPartSize(settings.partSizeBytes ?? defaultPartSizeBytes);
    this.endpointForMessages = settings.endpoint ? endpointLabel(settings.endpoint) : settings.client ? 'the endpoint of the S3 client given' : 'AWS S3';
    this.presignedUrls = settings.presignedUrls ?? true;
    this.ownsClient = settings.client === undefined;
    this.client = settings.client ?? new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle ?? settings.endpoint !== undefined,
      credentials: settings.credentials,
      // Not every S3-compatible server knows the CRC checksums the SDK adds by default (s3rver
      // stores a streamed body's aws-chunked framing as the object's bytes); the sha256 checked on
      // every get covers the bytes.
      ...(settings.endpoint !== undefined && { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
    });
  }

  async put(key: string, file: { path: string; sha256: string; bytes: number; mediaType: string }, options: { abortSignal?: AbortSignal } = {}): Promise<AssetInfo> {
    assertValidAssetKey(key);
    throwIfAborted(options.abortSignal);
    const handle = await open(file.path, 'r').catch((error: unknown) => {
      throw new InvalidInputError({ message: `Cannot put ${file.path} as ${key} in ${this.description}: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, cause: error });
    });
    let refusal: Error | undefined;
    const checked = new HashingStream((hashed) => (refusal = mismatch(file, key, hashed)));
    const body = handle.createReadStream({ autoClose: false });
    const params = { Bucket: this.bucket, Key: this.objectKey(key), ContentType: file.mediaType, Metadata: { [sha256Metadata]: file.sha256 } };
    try {
      if (file.bytes <= this.partSizeBytes) {
        // Read and checked whole before anything is sent, so a refused file sends no request.
        const chunks: Buffer[] = [];
        await pipeline(body, checked, async (source: AsyncIterable<Buffer>) => {
          for await (const chunk of source) chunks.push(chunk);
        }, { signal: options.abortSignal });
        await this.client.send(new PutObjectCommand({ ...params, Body: Buffer.concat(chunks) }), { abortSignal: options.abortSignal });
      } else {
        await this.uploadInParts({ ...params, Body: body.pipe(checked) }, body, checked, options.abortSignal);
      }
    } catch (error) {
      // The refusal wins over what failed after it: aborting the multipart upload it stopped can
      // fail too (s3rver has no AbortMultipartUpload), and that is not the news.
      throw refusal ?? this.failure(error, { action: 'put', key });
    } finally {
      body.destroy();
      await handle.close();
    }
    this.bucketSeen = true;
    return { key, bytes: file.bytes, sha256: file.sha256 };
  }

  private async uploadInParts(params: ConstructorParameters<typeof Upload>[0]['params'], source: Readable, checked: HashingStream, abortSignal: AbortSignal | undefined): Promise<void> {
    source.once('error', (error) => checked.destroy(error));
    const abortController = new AbortController();
    const abort = () => abortController.abort();
    abortSignal?.addEventListener('abort', abort, { once: true });
    // A refused file fails `checked` at its end, before the last part is read: the upload is then
    // aborted (lib-storage's default), so S3 never assembles the parts into an object.
    const upload = new Upload({ client: this.client, params, partSize: this.partSizeBytes, queueSize: partsAtATime, abortController });
    try {
      await upload.done();
    } finally {
      abortSignal?.removeEventListener('abort', abort);
    }
  }

  async get(key: string, destinationPath: string, options: { abortSignal?: AbortSignal } = {}): Promise<AssetInfo> {
    assertValidAssetKey(key);
    throwIfAborted(options.abortSignal);
    const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }), { abortSignal: options.abortSignal }).catch(async (error: unknown) => {
      if (isNoSuchKey(error)) throw new AssetNotFoundError({ key, where: this.description });
      throw this.failure(error, { action: 'get', key });
    });
    this.bucketSeen = true;
    const body = response.Body as Readable;
    let sha256: string;
    try {
      sha256 = this.recordedSha256(key, response.Metadata);
    } catch (error) {
      body.destroy();
      throw error;
    }
    const bytes = response.ContentLength ?? 0;
    const partial = join(dirname(destinationPath), `.${basename(destinationPath)}.${randomUUID()}.partial`);
    const checked = new HashingStream((hashed) => this.damage(key, { bytes, sha256 }, hashed));
    try {
      await mkdir(dirname(destinationPath), { recursive: true });
      await pipeline(body, checked, createWriteStream(partial), { signal: options.abortSignal });
      await rename(partial, destinationPath);
    } catch (error) {
      await rm(partial, { force: true });
      throw CinemaError.isInstance(error) ? error : this.failure(error, { action: 'get', key });
    }
    return { key, bytes, sha256 };
  }

  /** Why a download is not the file that was put, or undefined when it is. */
  private damage(key: string, expected: HashedBytes, got: HashedBytes): CinemaError | undefined {
    const problem =
      got.bytes !== expected.bytes ? `the download ended after ${got.bytes} of its ${expected.bytes} bytes`
      : got.sha256 !== expected.sha256 ? `its bytes hash to ${got.sha256}, but it was put with sha256 ${expected.sha256}`
      : undefined;
    if (!problem) return undefined;
    const movieId = key.split('/')[0];
    return new CinemaError({
      category: 'store',
      isRetryable: got.bytes !== expected.bytes,
      message: `The copy of ${key} in ${this.description} cannot be used: ${problem}. Nothing was written. If it happens again, the stored file is damaged: make its job again (\`cinema retry ${movieId} --job <key>\`; see \`cinema jobs ${movieId}\`).`,
    });
  }

  async stat(key: string): Promise<AssetInfo | undefined> {
    assertValidAssetKey(key);
    return this.statObject(key);
  }

  async url(key: string, options: { expiresInSeconds: number }): Promise<string | undefined> {
    assertValidAssetKey(key);
    assertValidUrlLifetime(key, options.expiresInSeconds);
    if (!this.presignedUrls) return undefined;
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }), { expiresIn: options.expiresInSeconds }).catch((error: unknown) => {
      throw this.failure(error, { action: 'sign a URL for', key });
    });
  }

  async list(prefix: string): Promise<AssetListing[]> {
    assertValidAssetKeyPrefix(prefix);
    const listed: AssetListing[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.objectKey(prefix), ContinuationToken: continuationToken })).catch((error: unknown) => {
        throw this.failure(error, { action: `list ${prefix || 'every file'} in` });
      });
      for (const object of page.Contents ?? []) if (object.Key) listed.push({ key: object.Key.slice(this.objectKey('').length), bytes: object.Size ?? 0 });
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    this.bucketSeen = true;
    // S3 orders by UTF-8 bytes; the spec orders as JavaScript compares strings.
    return listed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }

  private async statObject(key: string): Promise<AssetInfo | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      this.bucketSeen = true;
      return { key, bytes: head.ContentLength ?? 0, sha256: this.recordedSha256(key, head.Metadata) };
    } catch (error) {
      if (!isNoSuchKey(error)) throw this.failure(error, { action: 'stat', key });
      // A HEAD's 404 has no body, so a missing bucket looks like a missing file: ask once.
      await this.requireBucket();
      return undefined;
    }
  }

  private async requireBucket(): Promise<void> {
    if (this.bucketSeen) return;
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket })).catch((error: unknown) => {
      const context = this.callContext({ action: 'use' });
      throw isNoSuchKey(error) ? missingBucketError(context) : toStorageError(error, context);
    });
    this.bucketSeen = true;
  }

  private recordedSha256(key: string, metadata: Record<string, string> | undefined): string {
    const recorded = metadata?.[sha256Metadata];
    if (recorded && /^[0-9a-f]{64}$/.test(recorded)) return recorded;
    throw new CinemaError({
      category: 'store',
      message: `The object for ${key} in ${this.description} has no sha256 in its metadata (x-amz-meta-${sha256Metadata}), so it was not put by Cinema and cannot be checked. Put the file through the asset store, or choose a prefix that only Cinema writes.`,
    });
  }

  private objectKey(key: string): string {
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  private failure(error: unknown, context: Pick<S3CallContext, 'action' | 'key'>): CinemaError {
    return toStorageError(error, this.callContext(context));
  }

  private callContext(context: Pick<S3CallContext, 'action' | 'key'>): S3CallContext {
    return { ...context, store: this.description, bucket: this.bucket, endpoint: this.endpointForMessages };
  }
}

/** An asset store in an S3 bucket; see {@link S3AssetStoreSettings}. Makes no request until used. */
export function s3AssetStore(settings: S3AssetStoreSettings): S3AssetStore {
  return new S3AssetStore(settings);
}

function mismatch(file: { path: string; sha256: string; bytes: number }, key: string, hashed: HashedBytes): Error | undefined {
  if (hashed.sha256 === file.sha256 && hashed.bytes === file.bytes) return undefined;
  const movieId = key.split('/')[0];
  return new InvalidInputError({
    message: `Refused to put ${file.path} as ${key}: it has ${hashed.bytes} bytes with sha256 ${hashed.sha256}, but its job recorded ${file.bytes} bytes with sha256 ${file.sha256}. The file changed after its job made it; make the job again (\`cinema retry ${movieId} --job <key>\`; see \`cinema jobs ${movieId}\`).`,
  });
}

function isNoSuchKey(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound';
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw toCinemaError(signal.reason);
}

function checkedBucket(bucket: string): string {
  // AWS's rules for new buckets are stricter (lowercase, at most 63), but buckets made before 2018
  // in us-east-1, and some S3-compatible servers, have capitals and underscores: only what cannot
  // be a bucket in any of them is refused.
  if (typeof bucket !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/.test(bucket)) {
    throw new ConfigError({ message: `The S3 bucket name "${String(bucket)}" is not valid: a bucket name is 3 or more letters, digits, dots, hyphens and underscores, starting and ending with a letter or digit (and no /: a folder in the bucket goes in prefix).` });
  }
  return bucket;
}

function checkedPrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  if (trimmed && trimmed.split('/').some((segment) => segment === '' || segment === '.' || segment === '..' || segment.includes('\\'))) {
    throw new ConfigError({ message: `The S3 prefix "${prefix}" is not valid: it is a folder in the bucket, like films or studio/films, without empty, . or .. parts.` });
  }
  return trimmed;
}

function checkedPartSize(bytes: number): number {
  if (!Number.isInteger(bytes) || bytes < minimumPartSizeBytes) {
    throw new ConfigError({ message: `partSizeBytes ${bytes} is too small: S3 takes parts of ${minimumPartSizeBytes} bytes (5 MiB) and up.` });
  }
  return bytes;
}

/** The endpoint as messages may show it: no user, password or query. */
function endpointLabel(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    throw new ConfigError({ message: `The S3 endpoint is not a URL: give it as http(s)://host:port, e.g. http://127.0.0.1:9000.` });
  }
}

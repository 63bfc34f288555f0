import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';

/** Settings of `s3AssetStore`. Only `bucket` is needed; the rest come from the AWS SDK's usual chain. */
export interface S3AssetStoreSettings {
  /** The bucket the files go in. It must exist: the store never creates one. */
  bucket: string;
  /**
   * A folder in the bucket under which the keys go (`films` puts `m1/film.mp4` at
   * `films/m1/film.mp4`), so several studios or test runs share a bucket. Default: none, the keys
   * are at the bucket's top.
   */
  prefix?: string;
  /** The bucket's region. Default: the SDK's chain (`AWS_REGION`, then `~/.aws/config`). */
  region?: string;
  /**
   * The URL of an S3-compatible server instead of AWS (MinIO, Ceph, R2, s3rver), e.g.
   * `http://127.0.0.1:9000`. Default: AWS's endpoint for the region.
   */
  endpoint?: string;
  /**
   * Address the bucket in the path (`host/bucket/key`) instead of the host name
   * (`bucket.host/key`). Default: `true` when `endpoint` is set (most S3-compatible servers need
   * it), else `false`.
   */
  forcePathStyle?: boolean;
  /**
   * Credentials, or a provider of them. Default: the SDK's chain (`AWS_ACCESS_KEY_ID` and
   * `AWS_SECRET_ACCESS_KEY`, `AWS_PROFILE` and `~/.aws/credentials`, SSO, an instance or task role).
   */
  credentials?: S3ClientConfig['credentials'];
  /**
   * A client of your own, used as it is (`region`, `endpoint`, `forcePathStyle` and `credentials`
   * are then ignored). The store never destroys it. Default: a client the store makes and
   * destroys on `close`.
   */
  client?: S3Client;
  /**
   * Whether `url` hands out presigned GET URLs for providers that take reference URLs. Set it to
   * `false` when providers' servers cannot reach the endpoint (a MinIO on a private network): `url`
   * then returns undefined, and providers are sent the file's bytes instead. Default: `true`.
   */
  presignedUrls?: boolean;
  /**
   * Files larger than this go up in parts of this size, four at a time (S3 takes parts of 5 MiB
   * and up). Default: 8 MiB.
   */
  partSizeBytes?: number;
}

// s3rver ships no types; this is the part of its API the tests use.
declare module 's3rver' {
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    configureBuckets?: { name: string }[];
  }
  interface StoredObject {
    bucket: string;
    key: string;
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    /** Where it keeps the objects (its FilesystemStore). */
    store: { putObject(object: StoredObject): Promise<unknown> };
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}

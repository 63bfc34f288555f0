import { CinemaError, toCinemaError } from '@cinema/core';

/** What a failed S3 call was doing, for the message: never a credential. */
export interface S3CallContext {
  /** e.g. `put`, `get`, `list`. */
  action: string;
  /** The store's description, `s3://bucket/prefix`. */
  store: string;
  bucket: string;
  /** The asset key, when the call was about one file. */
  key?: string;
  /** The server, for messages: the endpoint without user or query, or `AWS S3`. */
  endpoint: string;
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const authNames = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired', 'Forbidden', 'AllAccessDisabled']);
const regionNames = new Set(['PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException']);
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);

/**
 * Turns what the AWS SDK threw into a CinemaError that names the bucket, the key and the server and
 * says what to do. The SDK's error is not kept as the cause when the server answered: its fields
 * echo the request (the access key id, the string that was signed).
 */
export function toStorageError(error: unknown, context: S3CallContext): CinemaError {
  if (CinemaError.isInstance(error)) return error;
  const sdkError = (error ?? {}) as SdkErrorShape;
  const name = sdkError.name ?? 'Error';
  const status = sdkError.$metadata?.httpStatusCode;
  const what = describeCall(context);
  if (name === 'AbortError') return toCinemaError(error);
  if (name === 'CredentialsProviderError') {
    return new CinemaError({
      category: 'auth',
      message: `No AWS credentials to ${what}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the environment, or pass credentials to s3AssetStore.`,
    });
  }
  if (/^Region (is missing|not accepted)/.test(sdkError.message ?? '')) {
    return new CinemaError({
      category: 'config',
      message: `No usable AWS region to ${what}: set AWS_REGION, or region in s3AssetStore({ region }) or ?region= in the s3:// URL.`,
    });
  }
  if (status === undefined) {
    const code = sdkError.code ?? findNetworkCode(error);
    if ((code && networkCodes.has(code)) || name === 'TimeoutError') {
      return new CinemaError({
        category: 'network',
        isRetryable: true,
        message: `Could not reach the S3 server to ${what} (${code ?? name}): check the endpoint and that the server is up and reachable from this machine.`,
        cause: error,
      });
    }
    return new CinemaError({ category: 'store', message: `Could not ${what}: ${name}: ${sdkError.message ?? 'no message'}.`, cause: error });
  }
  const answered = `S3 answered ${status}${name && !/^\d+$/.test(name) ? ` ${name}` : ''}`;
  if (name === 'NoSuchBucket') return missingBucketError(context);
  if (status === 401 || status === 403 || authNames.has(name)) {
    return new CinemaError({
      category: 'auth',
      message: `Could not ${what}: ${answered}. Check the credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE) and that they may read, write and list the bucket ${context.bucket}.`,
    });
  }
  if (status === 301 || regionNames.has(name)) {
    return new CinemaError({
      category: 'config',
      message: `Could not ${what}: ${answered}: the bucket ${context.bucket} is in another region. Set the bucket's region (AWS_REGION, region in s3AssetStore, or ?region= in the s3:// URL).`,
    });
  }
  if (status === 429 || status === 503 || name === 'SlowDown') {
    return new CinemaError({ category: 'rate_limit', isRetryable: true, message: `Could not ${what}: ${answered}: the server asks to slow down; try again shortly.` });
  }
  if (status >= 500) {
    return new CinemaError({ category: 'server', isRetryable: true, message: `Could not ${what}: ${answered}, a server error; try again shortly.` });
  }
  return new CinemaError({ category: 'store', message: `Could not ${what}: ${answered}.` });
}

/** The bucket is not there (S3's NoSuchBucket, or a HEAD of the bucket answered 404). */
export function missingBucketError(context: S3CallContext): CinemaError {
  return new CinemaError({
    category: 'config',
    message: `Could not ${describeCall(context)}: the bucket ${context.bucket} does not exist there. Create it (\`aws s3 mb s3://${context.bucket}\`, with --endpoint-url for another server) or fix the bucket in the storage setting.`,
  });
}

function describeCall(context: S3CallContext): string {
  return `${context.action} ${context.key ? `${context.key} in ` : ''}${context.store} (at ${context.endpoint})`;
}

/** The socket error code the SDK wraps, at some depth of `cause` (undici and node:http differ). */
function findNetworkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && networkCodes.has(code)) return code;
    const nested = (current as { errors?: unknown[] }).errors?.find((inner) => findNetworkCode(inner));
    if (nested) return findNetworkCode(nested);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

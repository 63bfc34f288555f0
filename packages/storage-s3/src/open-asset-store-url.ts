import { ConfigError } from '@cinema/core';
import { s3AssetStore, type S3AssetStore } from './s3-asset-store.js';
import type { S3AssetStoreSettings } from './s3-asset-store-settings.js';

const example = 's3://my-bucket/films?region=eu-west-1 (for another server: s3://my-bucket/films?endpoint=http://127.0.0.1:9000&region=us-east-1)';
const queryNames = ['region', 'endpoint', 'forcePathStyle', 'presignedUrls'] as const;

/**
 * Opens the asset store an `s3://bucket/prefix` URL names, as `cinema worker --storage` takes it.
 * The query may set `region`, `endpoint`, and `forcePathStyle` and `presignedUrls` (`true` or
 * `false`); credentials
 * never go in the URL (they come from the SDK's chain, or `settings.credentials`), and a URL that
 * holds any is refused without being repeated.
 */
export function openAssetStoreUrl(url: string, settings: Omit<S3AssetStoreSettings, 'bucket' | 'prefix' | 'region' | 'endpoint' | 'forcePathStyle' | 'presignedUrls'> = {}): S3AssetStore {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError({ message: `The storage URL is not a URL. Give it as ${example}.` });
  }
  if (parsed.username || parsed.password) {
    throw new ConfigError({ message: `The storage URL holds credentials (user:password@): never put them in a URL. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) instead, and give the URL as ${example}.` });
  }
  if (parsed.protocol !== 's3:') {
    throw new ConfigError({ message: `The storage URL ${parsed.protocol}//${parsed.host}${parsed.pathname} is not an s3:// URL, which is what @cinema/storage-s3 opens. Give it as ${example}.` });
  }
  const unknown = [...parsed.searchParams.keys()].filter((name) => !(queryNames as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ConfigError({ message: `The storage URL s3://${parsed.host}${parsed.pathname} has ${unknown.join(', ')} in its query, which @cinema/storage-s3 does not know: it takes ${queryNames.join(', ')}.` });
  }
  const flag = (name: 'forcePathStyle' | 'presignedUrls'): boolean | undefined => {
    const value = parsed.searchParams.get(name);
    if (value === null) return undefined;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new ConfigError({ message: `The storage URL s3://${parsed.host}${parsed.pathname} has ${name}=${value}: give true or false.` });
  };
  return s3AssetStore({
    ...settings,
    bucket: decodeURIComponent(parsed.host),
    prefix: decodeURIComponent(parsed.pathname),
    region: parsed.searchParams.get('region') ?? undefined,
    endpoint: parsed.searchParams.get('endpoint') ?? undefined,
    forcePathStyle: flag('forcePathStyle'),
    presignedUrls: flag('presignedUrls'),
  });
}

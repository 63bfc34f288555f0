export { s3AssetStore, S3AssetStore } from './s3-asset-store.js';
export type { S3AssetStoreSettings } from './s3-asset-store-settings.js';
export { openAssetStoreUrl } from './open-asset-store-url.js';

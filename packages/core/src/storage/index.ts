export type * from './v1/index.js';
export { assertValidAssetKey, assertValidAssetKeyPrefix, assetKey } from './asset-key.js';
export { assertValidUrlLifetime, longestAssetUrlSeconds } from './url-lifetime.js';
export { localFolderAssetStore } from './local-folder-asset-store.js';

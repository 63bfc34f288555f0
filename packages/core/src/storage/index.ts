export type * from './v1/index.js';
export { assertValidAssetKey, assetKey } from './asset-key.js';
export { localFolderAssetStore } from './local-folder-asset-store.js';

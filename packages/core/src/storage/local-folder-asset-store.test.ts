import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAssetStoreConformance } from '../testing/asset-store-conformance.js';
import { localFolderAssetStore } from './local-folder-asset-store.js';

// No tamper option: the folder keeps no checksums of its own (stat and get hash the file as it is),
// so a file changed on disk is what the store then holds, and that test is reported as skipped.
runAssetStoreConformance('localFolderAssetStore', {
  create: async () => {
    const root = await mkdtemp(join(tmpdir(), 'cinema-local-assets-'));
    return { store: localFolderAssetStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
  },
});

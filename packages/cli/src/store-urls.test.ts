import { describe, expect, it } from 'vitest';
import { openStorageUrl, openStoreUrl } from './store-urls.js';

describe('--store and --storage URLs', () => {
  it('opens an s3:// storage with @cinema/storage-s3, its bucket and prefix from the URL', async () => {
    const storage = await openStorageUrl('s3://films/studio-a?region=eu-west-1&endpoint=http://127.0.0.1:9&forcePathStyle=true', '/');
    expect(storage.description).toBe('s3://films/studio-a');
    await storage.close();
  });

  it('opens a folder as a shared local storage', async () => {
    const storage = await openStorageUrl('file:shared/films', '/srv');
    expect(storage.description).toBe('file:/srv/shared/films');
    await storage.close();
  });

  it('refuses a scheme it does not know, without repeating a password', async () => {
    await expect(openStorageUrl('gs://user:hunter2@bucket/films', '/')).rejects.toThrow(/--storage gs:\/\/user:\*\*\*@bucket\/films is not a storage Cinema knows/);
    await expect(openStoreUrl('mysql://root:hunter2@db/cinema', '/')).rejects.toThrow(/--store mysql:\/\/root:\*\*\*@db\/cinema is not a store Cinema knows/);
    await expect(openStoreUrl('mysql://root:hunter2@db/cinema', '/')).rejects.not.toThrow(/hunter2/);
  });
});

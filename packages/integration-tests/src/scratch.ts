import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

/**
 * A test file's scratch space: `tempDir()` makes a folder removed after the file's tests, and what is pushed
 * on `cleanups` (servers, child processes) runs after each test, newest first. Call it at the top of the file.
 */
export function scratchSpace(prefix: string): { tempDir(): string; cleanups: (() => Promise<void> | void)[] } {
  const cleanups: (() => Promise<void> | void)[] = [];
  const directories: string[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => {
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });
  return {
    cleanups,
    tempDir() {
      const directory = mkdtempSync(join(tmpdir(), prefix));
      directories.push(directory);
      return directory;
    },
  };
}

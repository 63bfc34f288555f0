import { describe, expect, it } from 'vitest';
import { temporaryPath } from './temporary-path.js';

describe('temporaryPath', () => {
  it('names a file beside the target, unique to each write even within one millisecond', () => {
    const names = new Set(Array.from({ length: 1000 }, () => temporaryPath('/films/a/clip.mp4')));
    expect(names.size).toBe(1000);
    for (const name of names) expect(name).toMatch(new RegExp(`^/films/a/clip\\.mp4\\.[0-9a-f]{12}\\.${process.pid}\\.partial$`));
    expect(temporaryPath('/films/a/final.mp4', { hidden: true })).toMatch(/^\/films\/a\/\.final\.mp4\.[0-9a-f]{12}\.\d+\.partial$/);
  });
});

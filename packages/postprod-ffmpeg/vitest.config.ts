import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'postprod-ffmpeg', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});

import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'tracker-sqlite', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});

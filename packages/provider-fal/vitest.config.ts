import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'provider-fal', include: ['src/**/*.test.ts'], testTimeout: 30_000 },
});

import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'provider-animatic', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});

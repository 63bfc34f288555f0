import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'provider-comfyui', include: ['src/**/*.test.ts'], testTimeout: 30_000 },
});

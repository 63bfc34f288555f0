import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'example-provider-plugin', include: ['src/**/*.test.ts'] } });

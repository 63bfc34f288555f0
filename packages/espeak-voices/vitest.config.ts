import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'espeak-voices', include: ['src/**/*.test.ts'] } });

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'handlers/**/*.test.ts', 'bot/**/*.test.ts', 'text/**/*.test.ts', 'store/**/*.test.ts', 'scheduler/**/*.test.ts'],
    setupFiles: ['tests/fast-check-seed.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});

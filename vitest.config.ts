import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Tests that start processes wait for them (see test/support/child-process.ts).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

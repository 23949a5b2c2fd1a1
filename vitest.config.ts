import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The skipped-suites reporter prints one line per reason a suite could not run here.
    reporters: ['default', './test/skipped-suites-reporter.ts'],
  },
});

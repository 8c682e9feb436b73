import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));
// Resolve workspace packages to their TypeScript sources (no build needed), as tsx and tsc do.
const conditions = ['@healthtrace/source', 'module', 'node', 'development|production'];
const shared = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@healthtrace/source'] } },
};

export default defineConfig({
  root,
  test: {
    // Every test's temporary folders inside one per run, removed at its end (see the file).
    globalSetup: ['.config/vitest.temp-dir.ts'],
    // In CI, also write the results as JSON so that .ci/run can print one "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'node_modules/.cache/vitest-results.json' }]] : ['default'],
    projects: [
      {
        ...shared,
        test: {
          name: 'packages',
          root,
          include: ['packages/*/test/**/*.test.ts'],
          exclude: ['**/*.slow.test.ts', '**/node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'tests',
          root,
          include: ['tests/**/*.test.ts'],
          exclude: ['**/*.slow.test.ts', '**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'slow',
          root,
          include: ['packages/*/test/**/*.slow.test.ts', 'tests/**/*.slow.test.ts'],
          testTimeout: 600_000,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**'],
      reportsDirectory: 'coverage',
    },
  },
});

import { defineConfig } from 'vitest/config';

// Three projects: unit tests sit beside the code (*.test.ts) and touch no
// services; integration tests (*.int.test.ts) use real Postgres, Redis and
// processes; browser tests (*.e2e.test.ts) drive Debian's Chromium.
const exclude = ['**/node_modules/**', '**/dist/**', '**/.next/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{apps,packages}/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: [...exclude, '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{apps,packages}/*/{src,test}/**/*.int.test.ts'],
          exclude,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['{apps,packages}/*/{src,test}/**/*.e2e.test.ts', 'e2e/**/*.e2e.test.ts'],
          exclude,
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

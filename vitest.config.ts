import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration test files each get their own database and Redis prefix; two forks keep the
    // 2-core machine busy without starving the services under test.
    pool: 'forks',
    maxWorkers: 2,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration test files each get their own database, Redis prefix and fake WeCom, and mostly
    // wait on them: three forks keep a 2-core machine busy (four measured no faster). The files
    // share no module state that matters (no mocks, no stubbed globals), so each fork reuses its
    // loaded modules across files instead of importing the whole service again per file: measured
    // on this machine, the suite took 152 s isolated with two forks and 78 s like this.
    pool: 'forks',
    maxWorkers: 3,
    isolate: false,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-table.ts'],
    // Generous: DynamoDB Local (one JVM for all files) is the bottleneck on two cores, and a busy
    // CI machine can make a 10-second test take a minute. Tests assert behaviour, not time.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Two cores: files in parallel, each with its own table in one shared DynamoDB Local.
    maxWorkers: 2,
  },
});

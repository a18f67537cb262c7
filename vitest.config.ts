import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: model workers, servers and a browser share them, so files run in few processes.
    maxWorkers: 2,
    fileParallelism: true,
  },
});

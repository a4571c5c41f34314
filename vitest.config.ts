import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Snapshots hold generated projects, whose own tests are not ours to run here.
    exclude: ['test/__snapshots__/**', 'node_modules/**'],
    // End-to-end tests install packages and start servers; two cores, so two files at a time.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 900_000,
  },
});

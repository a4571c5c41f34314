// `npm run test:dokploy`: provision and doctor against a real Dokploy (README, "Dokploy lane").
// One file at a time, in order: the tests share the server and build on each other's projects.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.dokploy.test.ts'],
    maxWorkers: 1,
    sequence: { concurrent: false },
    testTimeout: 180_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Snapshots hold generated projects, whose own tests are not ours to run here.
    exclude: ['test/__snapshots__/**', 'node_modules/**'],
    // End-to-end tests install packages and start servers; two cores, so two files at a time.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 900_000,
    // Every temp file of the run goes under one folder that is removed at the end.
    globalSetup: ['test/support/temp-root.ts'],
    // Two lanes. `unit` needs Node, the npm packages, git and bash: `npm run test:unit` runs it on
    // a fresh machine. `e2e` (*.e2e.test.ts) runs the generated project and the tools that check
    // it (Bun, Postgres, shellcheck, promtool, Docker…). `npm test` runs both.
    // A third, `dokploy` (*.dokploy.test.ts), needs a real Dokploy built from its source (README,
    // "Dokploy lane"): only `npm run test:dokploy` runs it, never `npm test`.
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.e2e.test.ts', 'test/**/*.dokploy.test.ts'] },
      },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.e2e.test.ts'] } },
    ],
  },
});

#!/usr/bin/env node
// npm run bench:stack: bundles bench/stack.ts (it shares test/support's Docker helpers, written in
// TypeScript) with esbuild and runs it. Dependencies stay in node_modules. The bundle sits two
// folders below the repository, as test/support/*.ts do, so their import.meta.url paths still hold.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const outfile = join(root, 'node_modules/.cache/bench-stack.mjs');
await build({
  entryPoints: [join(root, 'bench/stack.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
await import(pathToFileURL(outfile).href);

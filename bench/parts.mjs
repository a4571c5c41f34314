#!/usr/bin/env node
// npm run bench:parts: bundles bench/parts.ts (it shares test/support's helpers, written in
// TypeScript) with esbuild and runs it, as bench/stack.mjs does.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const outfile = join(root, 'node_modules/.cache/bench-parts.mjs');
await build({
  entryPoints: [join(root, 'bench/parts.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
await import(pathToFileURL(outfile).href);

#!/usr/bin/env node
// node bench/run-ts.mjs <name> [args]: bundles bench/<name>.ts with esbuild and runs it (npm run
// bench:stack, bench:parts). They share test/support's helpers, written in TypeScript.
// Dependencies stay in node_modules. The bundle sits two folders below the repository, as
// test/support/*.ts do, so their import.meta.url paths still hold.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const name = process.argv[2];
if (!/^[a-z-]+$/.test(name ?? '')) throw new Error('usage: node bench/run-ts.mjs <name of a bench/*.ts file>');
const root = resolve(import.meta.dirname, '..');
const outfile = join(root, `node_modules/.cache/bench-${name}.mjs`);
await build({
  entryPoints: [join(root, `bench/${name}.ts`)],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
await import(pathToFileURL(outfile).href);

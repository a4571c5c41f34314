#!/usr/bin/env node
// Thin entry: the CLI is bundled into dist/ (npm run build; `npm ci` builds it through prepare).
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`create-pyme-stack needs Node.js 20 or newer; this is ${process.version}.`);
  process.exit(1);
}
const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));

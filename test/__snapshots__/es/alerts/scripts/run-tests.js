// `npm test`: node --test over test/*.test.ts, but failing where plain `node --test` passes with
// nothing run: on a Node without TypeScript (before 24 it finds no .ts file, runs 0 tests, exits 0)
// and when no test ran at all. Plain JavaScript, so an old Node still reads it and says why.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`npm test: Node ${process.versions.node} cannot run the TypeScript tests; Node 24 or later is needed (package.json "engines").`);
  process.exit(1);
}

const { run } = await import('node:test');
const { spec } = await import('node:test/reporters');
const files = readdirSync('test')
  .filter((name) => name.endsWith('.test.ts'))
  .sort()
  .map((name) => join('test', name));

let passed = 0;
let failed = 0;
const stream = run({ files, concurrency: true });
// A file that declares no test is reported as one passing test named after the file: not counted.
stream.on('test:pass', (event) => {
  if (event.details.type !== 'suite' && !files.includes(event.name)) passed++;
});
stream.on('test:fail', (event) => {
  if (event.details.type !== 'suite') failed++;
});
stream.on('end', () => {
  if (failed > 0) process.exitCode = 1;
  else if (passed === 0) {
    console.error(`npm test: no test ran (${files.length} files in test/ matching *.test.ts); a test command that runs nothing must not pass.`);
    process.exitCode = 1;
  }
});
stream.compose(spec).pipe(process.stdout);

// Bundles src/ into dist/ so the published package has no runtime dependencies.
// - The templates travel inside the bundle as a pack: every file under templates/, each .hbs
//   precompiled, so a run reads no template from disk and never loads Handlebars' compiler.
// - Prompts, the YAML parser, the upgrade code and that compiler stay in their own chunks,
//   loaded only when used.
// Three more tricks (kleur reading fstat(1), built-ins through require(), template literals
// hoisted into one array) were measured by `npm run bench:tricks` and dropped: none saved more
// than the run-to-run spread (docs/benchmarks.md).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { packModule } from './template-pack.js';

const root = new URL('..', import.meta.url).pathname;
const outdir = `${root}dist`;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

const replaceModules = {
  name: 'replace-modules',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]pack-in-bundle\.ts$/ }, async () => ({ contents: await packModule(root), loader: 'js' }));
    // The version the package is published with, instead of reading package.json on every start.
    b.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({
      contents: `export const GENERATOR = ${JSON.stringify({ name: pkg.name, version: pkg.version })};`,
      loader: 'js',
    }));
  },
};

/**
 * Two copies the package does not need: prompts ships a Node < 8.6 build beside its own (its
 * index picks one at run time), and Handlebars' compiler takes source-map only for source maps
 * we never ask for (without it, its own small SourceNode does the same job).
 */
const leanerDependencies = {
  name: 'leaner-dependencies',
  setup(b) {
    const buildRequire = createRequire(import.meta.url);
    b.onResolve({ filter: /^prompts$/ }, () => ({ path: buildRequire.resolve('prompts/lib/index.js') }));
    b.onResolve({ filter: /^source-map$/ }, () => ({ path: 'source-map', namespace: 'left-out' }));
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${root}src/cli.ts`],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
  plugins: [replaceModules, leanerDependencies],
  // CommonJS code (handlebars, prompts) calls require().
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

// Bundles src/ into dist/ so the published package has no runtime dependencies.
// - The templates travel inside the bundle as a pack: every file under templates/, each .hbs
//   precompiled, so a run reads no template from disk and never loads Handlebars' compiler.
// - Prompts, the YAML parser, the upgrade code and that compiler stay in their own chunks,
//   loaded only when used.
// - Node's built-ins are loaded with require(): an ESM `import` of one builds its ESM facade,
//   which reads every export (node:fs's lazy streams, all of node:crypto) on every start.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { packModule } from './template-pack.js';

const root = new URL('..', import.meta.url).pathname;
// bench/tricks.mjs builds variants without one trick each (kleur, builtins, hoist) elsewhere, to
// measure what each saves; a normal build sets neither.
const without = new Set((process.env.PYME_BUILD_WITHOUT ?? '').split(',').filter(Boolean));
const outdir = process.env.PYME_BUILD_OUT ?? `${root}dist`;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

const replaceModules = {
  name: 'replace-modules',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]pack-in-bundle\.ts$/ }, async () => ({ contents: await packModule(root, { hoist: !without.has('hoist') }), loader: 'js' }));
    // The version the package is published with, instead of reading package.json on every start.
    b.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({
      contents: `export const GENERATOR = ${JSON.stringify({ name: pkg.name, version: pkg.version })};`,
      loader: 'js',
    }));
  },
};

/**
 * `import { x } from 'node:y'` becomes `require('node:y').x`, read once and only for the names
 * the bundle uses (each export is a pure pick, so the unused ones are dropped).
 */
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    const buildRequire = createRequire(import.meta.url);
    b.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === 'require-call' ? { path: args.path, external: true } : { path: args.path, namespace: 'builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      const names = Object.keys(buildRequire(args.path)).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
      const picks = names.map((k) => `export const ${k} = /* @__PURE__ */ pick(${JSON.stringify(k)});`);
      return { contents: `const m = require(${JSON.stringify(args.path)});\nconst pick = (k) => m[k];\n${picks.join('\n')}\nexport default m;\n`, loader: 'js' };
    });
  },
};

/**
 * kleur decides on colour when it is imported, from process.stdout.isTTY: that one read builds
 * the stdout stream, and node:tty's isatty() would load the same net and stream modules that
 * src/output.ts never needs. A terminal is a character device; so is /dev/null, where
 * colour harms no one. Pinned kleur; the build fails if its code no longer reads so.
 */
const kleurWithoutStdout = {
  name: 'kleur-without-stdout',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]kleur[\\/]index\.mjs$/ }, (args) => {
      const code = readFileSync(args.path, 'utf8');
      const read = 'isTTY = process.stdout && process.stdout.isTTY;';
      if (!code.includes(read)) throw new Error(`kleur-without-stdout: ${args.path} no longer has "${read}"; check the patch`);
      const fromFd = "isTTY = (() => { try { return require('node:fs').fstatSync(1).isCharacterDevice(); } catch { return false; } })();";
      return { contents: code.replace(read, fromFd), loader: 'js' };
    });
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
  plugins: [
    replaceModules,
    ...(without.has('builtins') ? [] : [builtinsByRequire]),
    ...(without.has('kleur') ? [] : [kleurWithoutStdout]),
    leanerDependencies,
  ],
  // CommonJS code (handlebars, prompts, the built-ins above) calls require().
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

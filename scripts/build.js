// Bundles src/ into dist/ so the published package has no runtime dependencies.
// Prompts, the YAML parser and the upgrade code stay in their own chunks, loaded only when used;
// the templates are precompiled into the bundle, so a normal run never loads Handlebars' compiler.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';

const templatesDir = new URL('../templates', import.meta.url).pathname;
// Keep in sync with COMPILE_OPTIONS in src/render.ts.
const COMPILE_OPTIONS = { noEscape: true, strict: true };

/** src/precompiled.ts, replaced by every .hbs under templates/ precompiled. */
function precompiledModule() {
  const entries = readdirSync(templatesDir, { recursive: true })
    .map(String)
    .filter((rel) => rel.endsWith('.hbs'))
    .sort()
    .map((rel) => {
      const raw = readFileSync(join(templatesDir, rel));
      const sha1 = createHash('sha1').update(raw).digest('hex');
      const spec = Handlebars.precompile(raw.toString('utf8'), COMPILE_OPTIONS);
      return `${JSON.stringify(rel.split('\\').join('/'))}: { sha1: ${JSON.stringify(sha1)}, spec: ${spec} }`;
    });
  return `export const precompiled = {\n${entries.join(',\n')}\n};\n`;
}

const precompiledPlugin = {
  name: 'precompiled-templates',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]precompiled\.ts$/ }, () => ({ contents: precompiledModule(), loader: 'js' }));
  },
};

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
  plugins: [precompiledPlugin],
  // CommonJS dependencies (handlebars, prompts) call require() for Node built-ins.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

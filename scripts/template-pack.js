// The module that stands for src/pack-in-bundle.ts in the bundle: every file under templates/,
// each .hbs precompiled by Handlebars, and the
// hash of the tree, computed by the same code render.ts uses to tell a stale pack.
import { build } from 'esbuild';
import Handlebars from 'handlebars';

/**
 * src/template-tree.ts and src/compile-options.ts, bundled on the fly: the build reads, hashes
 * and compiles the tree with the very code and options render.ts uses.
 */
async function loadSources(root) {
  const out = await build({
    stdin: {
      contents: "export * from './src/template-tree.ts'; export * from './src/compile-options.ts';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'warning',
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

/** The module that replaces src/pack-in-bundle.ts in the bundle. */
export async function packModule(root) {
  const templatesDir = `${root}templates`;
  const { readTree, treeHash, COMPILE_OPTIONS } = await loadSources(root);
  const files = readTree(templatesDir);
  const entries = files.map(({ key, mode, body }) => {
    const head = `key: ${JSON.stringify(key)}, mode: ${mode}`;
    if (!key.endsWith('.hbs')) return `{ ${head}, body: ${JSON.stringify(body.toString('utf8'))} }`;
    return `{ ${head}, spec: ${Handlebars.precompile(body.toString('utf8'), COMPILE_OPTIONS)} }`;
  });
  return `export const pack = { tree: ${JSON.stringify(treeHash(files))}, files: [\n${entries.join(',\n')}\n] };\n`;
}

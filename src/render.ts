// Answers + templates -> an in-memory map of the generated repo. Nothing here touches the target:
// dry runs, snapshots, the writer and upgrades all start from this map.
import { existsSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Answers } from './questions.js';
import type { FileMap } from './file-map.js';
import { ABOUT_DIR, ABOUT_FRAGMENTS, type AboutList, partIsOn, partsOf } from './parts.js';
import { helpers } from './helpers.js';
import { templateContext } from './context.js';
import { buildManifest, serialiseManifest, MANIFEST_PATH, type Manifest } from './manifest.js';
import { LANGS } from './i18n.js';
import { readTree, treeHash, type TemplateFile } from './template-tree.js';
import type Handlebars from 'handlebars';
// Static: every run renders, and one bundled module loads faster than three lazy ones.
import HandlebarsRuntime from 'handlebars/runtime.js';
import { pack } from './pack-in-bundle.js';
import { COMPILE_OPTIONS } from './compile-options.js';

export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../templates', import.meta.url));

export interface RenderOptions {
  generator: Manifest['generator'];
  templatesDir?: string;
}

/**
 * Template path -> generated path, or null when the file is for the other language.
 * `_name` becomes `.name` (npm would drop or mangle dotfiles such as .gitignore),
 * `x.md.es.hbs` is kept only for Spanish, and `.hbs` marks a Handlebars template.
 */
export function targetPath(templatePath: string, lang: string): { path: string; template: boolean } | null {
  let path = templatePath
    .split('/')
    .map((segment) => (segment.startsWith('_') ? `.${segment.slice(1)}` : segment))
    .join('/');
  const template = path.endsWith('.hbs');
  if (template) path = path.slice(0, -4);
  const langSuffix = LANGS.find((l) => path.endsWith(`.${l}`));
  if (template && langSuffix) {
    if (langSuffix !== lang) return null;
    path = path.slice(0, -(langSuffix.length + 1));
  }
  return { path, template };
}

/**
 * The templates to render: the bundle's pack when it was built from this very tree (or when no
 * tree ships beside it, as in the published package), else the folder itself.
 */
function templateTree(templatesDir: string | undefined): { files: TemplateFile[]; precompiled: boolean } {
  const dir = templatesDir === undefined ? DEFAULT_TEMPLATES_DIR : resolve(templatesDir);
  if (!pack || dir !== DEFAULT_TEMPLATES_DIR) return { files: readTree(dir), precompiled: false };
  if (!existsSync(dir)) return { files: pack.files, precompiled: true };
  const onDisk = readTree(dir);
  return treeHash(onDisk) === pack.tree ? { files: pack.files, precompiled: true } : { files: onDisk, precompiled: false };
}

/** A Handlebars environment with our helpers; precompiled templates need only its runtime. */
async function templateEngine(precompiled: boolean) {
  // handlebars/runtime.js is the same API without the compiler (its typings only say so loosely).
  const hbs = precompiled ? (HandlebarsRuntime as unknown as typeof Handlebars).create() : (await import('handlebars')).default.create();
  hbs.registerHelper(helpers);
  const compile = (t: TemplateFile): HandlebarsTemplateDelegate =>
    t.spec ? hbs.template(t.spec as TemplateSpecification) : hbs.compile(String(t.body), COMPILE_OPTIONS);
  return compile;
}

export async function render(answers: Answers, options: RenderOptions): Promise<FileMap> {
  const tree = templateTree(options.templatesDir);
  const under = (dir: string) =>
    tree.files.filter((f) => f.key.startsWith(`${dir}/`)).map((f) => ({ file: f, rel: f.key.slice(dir.length + 1) }));

  // What each chosen part writes, and from which template; its about/ folder feeds the root files.
  const planned: { path: string; source: TemplateFile; template: boolean }[] = [];
  const fragments: { list: AboutList; source: TemplateFile }[] = [];
  const seen = new Set<string>();
  const parts = partsOf(tree.files);
  // A folder from before parts declared themselves (or not a templates folder at all) would
  // otherwise render nothing but a manifest.
  if (parts.length === 0) throw new Error(`templates: no part declares itself (no <part>/${ABOUT_DIR}/part.json)`);
  for (const part of parts) {
    if (!partIsOn(part, answers)) continue;
    for (const { file, rel } of under(part.from)) {
      const target = targetPath(rel, answers.lang);
      if (!target) continue;
      if (rel.startsWith(`${ABOUT_DIR}/`)) {
        const list = ABOUT_FRAGMENTS[target.path.slice(ABOUT_DIR.length + 1) as keyof typeof ABOUT_FRAGMENTS];
        if (list && target.template) fragments.push({ list, source: file });
        else if (!rel.endsWith('/part.json')) throw new Error(`templates/${file.key}: not a fragment this generator knows`);
        continue;
      }
      const path = part.to ? posix.join(part.to, target.path) : target.path;
      if (seen.has(path)) throw new Error(`templates: two parts write ${path} (second: ${file.key})`);
      seen.add(path);
      planned.push({ path, source: file, template: target.template });
    }
  }

  const compile = await templateEngine(tree.precompiled);
  const run = (source: TemplateFile, data: object): string => {
    try {
      return compile(source)(data);
    } catch (error) {
      throw new Error(`templates/${source.key}: ${(error as Error).message}`);
    }
  };
  const context = templateContext(answers, options.generator.version);
  // Each fragment is rendered once, without its last newline: the root's loop puts one back.
  const about = Object.fromEntries(Object.values(ABOUT_FRAGMENTS).map((list) => [list, [] as string[]]));
  for (const { list, source } of fragments) about[list]!.push(run(source, context).replace(/\n$/, ''));
  const rootContext = { ...context, about };

  const files: FileMap = new Map();
  for (const { path, source, template } of planned.sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const content = template
      ? Buffer.from(run(source, rootContext))
      : Buffer.isBuffer(source.body)
        ? source.body
        : Buffer.from(source.body ?? '');
    files.set(path, { content, mode: source.mode });
  }

  const manifest = buildManifest(files, answers, options.generator);
  files.set(MANIFEST_PATH, { content: Buffer.from(serialiseManifest(manifest)), mode: 0o644 });
  return files;
}

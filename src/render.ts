// Answers + templates -> an in-memory map of the generated repo. Nothing here touches the target:
// dry runs, snapshots, the writer and upgrades all start from this map.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Answers } from './questions.js';
import { parts, PARTIALS_DIR } from './parts.js';
import { helpers } from './helpers.js';
import { templateContext } from './context.js';
import { buildManifest, serialiseManifest, MANIFEST_PATH, type Manifest } from './manifest.js';
import { LANGS } from './i18n.js';
import type Handlebars from 'handlebars';
// Static: every run renders, and one bundled module loads faster than three lazy ones.
import HandlebarsRuntime from 'handlebars/runtime.js';
import { precompiled } from './precompiled.js';

export interface FileEntry {
  content: Buffer;
  /** 0o644 or 0o755; scripts keep their executable bit from the template. */
  mode: number;
}
export type FileMap = Map<string, FileEntry>;

export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../templates', import.meta.url));

export interface RenderOptions {
  generator: Manifest['generator'];
  templatesDir?: string;
}

/** Lists files under dir as posix paths relative to it. */
export function walk(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out;
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

interface Source {
  /** Path under templates/, the key of precompiled templates. */
  key: string;
  raw: Buffer;
  mode: number;
}

const sha1 = (data: Buffer) => createHash('sha1').update(data).digest('hex');

/**
 * A Handlebars environment with our helpers and partials. The bundle ships the templates
 * precompiled, so a normal run loads only Handlebars' small runtime and compiles nothing.
 */
async function templateEngine(templatesDir: string, templates: Source[], partials: Source[]) {
  const built = precompiled;
  const fresh =
    built !== null && templatesDir === DEFAULT_TEMPLATES_DIR && [...templates, ...partials].every((t) => built[t.key]?.sha1 === sha1(t.raw));
  // handlebars/runtime.js is the same API without the compiler (its typings only say so loosely).
  const hbs = fresh ? (HandlebarsRuntime as unknown as typeof Handlebars).create() : (await import('handlebars')).default.create();
  hbs.registerHelper(helpers);
  const compile = (t: Source): HandlebarsTemplateDelegate => {
    if (fresh) return hbs.template(built![t.key]!.spec as TemplateSpecification);
    return hbs.compile(t.raw.toString('utf8'), COMPILE_OPTIONS);
  };
  for (const p of partials) hbs.registerPartial(p.key.slice(PARTIALS_DIR.length + 1).replace(/(\.[a-z]+)?\.hbs$/, ''), compile(p));
  return compile;
}

/** Handlebars options every template compiles with (the build precompiles with the same). */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

export async function render(answers: Answers, options: RenderOptions): Promise<FileMap> {
  const templatesDir = options.templatesDir ?? DEFAULT_TEMPLATES_DIR;
  const partialsDir = join(templatesDir, PARTIALS_DIR);
  const partials: Source[] = existsSync(partialsDir)
    ? walk(partialsDir).map((rel) => ({ key: `${PARTIALS_DIR}/${rel}`, raw: readFileSync(join(partialsDir, rel)), mode: 0o644 }))
    : [];

  // What each chosen part writes, and from which source.
  const planned: { path: string; source: Source; template: boolean; part: string }[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    if (part.when && !part.when(answers)) continue;
    const partDir = join(templatesDir, part.from);
    if (!existsSync(partDir)) continue; // test/parts.test.ts checks that every part has its folder
    for (const rel of walk(partDir)) {
      const target = targetPath(rel, answers.lang);
      if (!target) continue;
      const path = part.to ? posix.join(part.to, target.path) : target.path;
      if (seen.has(path)) throw new Error(`templates: two parts write ${path} (second: ${part.from}/${rel})`);
      seen.add(path);
      const file = join(partDir, rel);
      const source = { key: `${part.from}/${rel}`, raw: readFileSync(file), mode: statSync(file).mode & 0o111 ? 0o755 : 0o644 };
      planned.push({ path, source, template: target.template, part: part.from });
    }
  }

  const compile = await templateEngine(templatesDir, planned.filter((p) => p.template).map((p) => p.source), partials);
  const context = templateContext(answers, options.generator.version);
  const files: FileMap = new Map();
  for (const { path, source, template } of planned.sort((a, b) => (a.path < b.path ? -1 : 1))) {
    let content = source.raw;
    if (template) {
      try {
        content = Buffer.from(compile(source)(context));
      } catch (error) {
        throw new Error(`templates/${source.key}: ${(error as Error).message}`);
      }
    }
    files.set(path, { content, mode: source.mode });
  }

  const manifest = buildManifest(files, answers, options.generator);
  files.set(MANIFEST_PATH, { content: Buffer.from(serialiseManifest(manifest)), mode: 0o644 });
  return files;
}

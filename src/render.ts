// Answers + templates -> an in-memory map of the generated repo. Nothing here touches the target:
// dry runs, snapshots, the writer and upgrades all start from this map.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Answers } from './questions.js';
import { parts, PARTIALS_DIR } from './parts.js';
import { helpers } from './helpers.js';
import { templateContext } from './context.js';
import { buildManifest, serialiseManifest, MANIFEST_PATH, type Manifest } from './manifest.js';
import { LANGS } from './i18n.js';

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
function walk(dir: string, prefix = ''): string[] {
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

export async function render(answers: Answers, options: RenderOptions): Promise<FileMap> {
  const templatesDir = options.templatesDir ?? DEFAULT_TEMPLATES_DIR;
  const { default: Handlebars } = await import('handlebars');
  const hbs = Handlebars.create();
  hbs.registerHelper(helpers);
  const partialsDir = join(templatesDir, PARTIALS_DIR);
  if (existsSync(partialsDir)) {
    for (const rel of walk(partialsDir)) {
      hbs.registerPartial(rel.replace(/(\.[a-z]+)?\.hbs$/, ''), readFileSync(join(partialsDir, rel), 'utf8'));
    }
  }
  const context = templateContext(answers, options.generator.version);

  const files: FileMap = new Map();
  for (const part of parts) {
    if (part.when && !part.when(answers)) continue;
    const partDir = join(templatesDir, part.from);
    if (!existsSync(partDir)) continue; // test/parts.test.ts checks that every part has its folder
    for (const rel of walk(partDir)) {
      const target = targetPath(rel, answers.lang);
      if (!target) continue;
      const path = part.to ? posix.join(part.to, target.path) : target.path;
      if (files.has(path)) throw new Error(`templates: two parts write ${path} (second: ${part.from}/${rel})`);
      const source = join(partDir, rel);
      const raw = readFileSync(source);
      let content = raw;
      if (target.template) {
        try {
          content = Buffer.from(hbs.compile(raw.toString('utf8'), { noEscape: true, strict: true })(context));
        } catch (error) {
          throw new Error(`templates/${part.from}/${rel}: ${(error as Error).message}`);
        }
      }
      files.set(path, { content, mode: statSync(source).mode & 0o111 ? 0o755 : 0o644 });
    }
  }

  const sorted: FileMap = new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
  const manifest = buildManifest(sorted, answers, options.generator);
  sorted.set(MANIFEST_PATH, { content: Buffer.from(serialiseManifest(manifest)), mode: 0o644 });
  return sorted;
}

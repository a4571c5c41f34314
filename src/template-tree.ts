// The template tree as data: every file under templates/ with its exec bit and its bytes. render.ts
// reads templates only through this, from a folder (a checkout, tests, PYME_STACK_BASE_TEMPLATES)
// or from the pack scripts/build.js puts in the bundle, so the published package reads no
// template from disk, walks no folder and loads no template compiler.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface TemplateFile {
  /** Posix path under templates/, e.g. `backend/src/index.ts.hbs`. */
  key: string;
  /** 0o755 when the template is executable (scripts), else 0o644. */
  mode: number;
  /** The bytes: what a verbatim file writes, or a template's source. The pack leaves it out of precompiled templates. */
  body?: Buffer | string;
  /** Handlebars' precompiled form of a `.hbs` (pack only). */
  spec?: object;
}

/** What the build puts in the bundle: the tree's hash and its files, `.hbs` precompiled. */
export interface TemplatePack {
  tree: string;
  files: TemplateFile[];
}

/** Every file under dir, sorted by key. */
export function readTree(dir: string, prefix = ''): TemplateFile[] {
  const out: TemplateFile[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const key = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...readTree(dir, key));
    else {
      const abs = join(dir, key);
      out.push({ key, mode: statSync(abs).mode & 0o111 ? 0o755 : 0o644, body: readFileSync(abs) });
    }
  }
  return prefix ? out : out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** One hash over keys, exec bits and bytes: equal hashes mean the pack was built from this folder. */
export function treeHash(files: TemplateFile[]): string {
  const hash = createHash('sha1');
  for (const file of files) {
    const body = Buffer.from(file.body ?? '');
    hash.update(`${file.key}\0${file.mode.toString(8)}\0${body.length}\0`).update(body);
  }
  return hash.digest('hex');
}

// .pyme-stack.json: what was generated, from which answers, by which version. Upgrades read it
// to tell the founder's edits from the template's output. Readers must ignore fields they do not
// know, and bump MANIFEST_VERSION only for changes an older reader would get wrong.
import { createHash } from 'node:crypto';
import type { Answers } from './questions.js';
import type { FileMap } from './file-map.js';
import { UserError } from './errors.js';
import { msg } from './i18n.js';

export const MANIFEST_PATH = '.pyme-stack.json';
export const MANIFEST_VERSION = 1;

export interface ManifestFile {
  sha256: string;
  executable?: true;
}

export interface Manifest {
  manifestVersion: number;
  generator: { name: string; version: string };
  answers: Answers;
  files: Record<string, ManifestFile>;
}

export const sha256 = (content: Buffer | string) => createHash('sha256').update(content).digest('hex');

export function buildManifest(files: FileMap, answers: Answers, generator: Manifest['generator']): Manifest {
  const entries: Record<string, ManifestFile> = {};
  for (const [path, file] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (path === MANIFEST_PATH) continue;
    entries[path] = file.mode & 0o111 ? { sha256: sha256(file.content), executable: true } : { sha256: sha256(file.content) };
  }
  return { manifestVersion: MANIFEST_VERSION, generator, answers, files: entries };
}

export function serialiseManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function parseManifest(text: string, where: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const why = (error as Error).message;
    throw new UserError(msg(`${where}: no es JSON válido (${why})`, `${where}: not valid JSON (${why})`));
  }
  const m = data as Partial<Manifest>;
  if (!m || typeof m !== 'object' || typeof m.manifestVersion !== 'number' || !m.answers || !m.files || !m.generator) {
    throw new UserError(
      msg(
        `${where}: no es un manifiesto de create-pyme-stack (necesita manifestVersion, generator, answers, files)`,
        `${where}: not a create-pyme-stack manifest (needs manifestVersion, generator, answers, files)`,
      ),
    );
  }
  if (m.manifestVersion > MANIFEST_VERSION) {
    const v = m.manifestVersion;
    throw new UserError(
      msg(
        `${where}: lo escribió un create-pyme-stack más nuevo (manifiesto v${v}); actualiza esta herramienta primero`,
        `${where}: written by a newer create-pyme-stack (manifest v${v}); upgrade this tool first`,
      ),
    );
  }
  return m as Manifest;
}

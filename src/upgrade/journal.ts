// .pyme-stack-upgrade.json: what an upgrade is about to write, saved before the first file moves
// and deleted after the manifest. If the run is killed half-way, the next run reads it to tell
// files it already wrote (new) from files the founder edited, so it never merges a file twice.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../manifest.js';
import type { FileMap } from '../file-map.js';
import type { PlanEntry, Status } from './plan-entry.js';

export const JOURNAL_PATH = '.pyme-stack-upgrade.json';

export interface Journal {
  /** The version being upgraded to. */
  to: string;
  /** sha256 of the manifest the run ends with: once it is on disk, the journal is stale. */
  manifest: string;
  /** path -> sha256 of what was written and of the template output it came from. */
  files: Record<string, { wrote: string; target: string; status: Status }>;
  /** path -> sha256 of the content that is to be deleted. */
  remove: Record<string, string>;
}

export function readJournal(dir: string): Journal | undefined {
  const file = join(dir, JOURNAL_PATH);
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Journal;
    return data && typeof data.files === 'object' && typeof data.remove === 'object' ? data : undefined;
  } catch {
    return undefined; // a torn journal is as good as none: the plan falls back to comparing contents
  }
}

export function buildJournal(to: string, manifest: Buffer, plan: PlanEntry[], target: FileMap, disk: (path: string) => Buffer | null): Journal {
  const journal: Journal = { to, manifest: sha256(manifest), files: {}, remove: {} };
  for (const e of plan) {
    const generated = target.get(e.path);
    if (e.write && generated) journal.files[e.path] = { wrote: sha256(e.write.content), target: sha256(generated.content), status: e.status };
    for (const path of e.remove) {
      const old = disk(path);
      if (old) journal.remove[path] = sha256(old);
    }
  }
  return journal;
}

export function writeJournal(dir: string, journal: Journal): void {
  const file = join(dir, JOURNAL_PATH);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(journal, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function clearJournal(dir: string): void {
  rmSync(join(dir, JOURNAL_PATH), { force: true });
}

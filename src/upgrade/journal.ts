// .pyme-stack-upgrade.json: what an upgrade is about to write, saved before the first file moves
// and deleted after the manifest. If the run is killed half-way, the next run reads it to tell
// files it already wrote (new) from files the founder edited, so it never merges a file twice.
import { existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSafeRelative, reservedPath } from '../safe-path.js';
import { stagingName } from '../staging.js';
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
    if (!data || typeof data.files !== 'object' || typeof data.remove !== 'object') return undefined;
    // A journal naming a path outside the project, in .git or in our bookkeeping is not ours to follow.
    const paths = [...Object.keys(data.files), ...Object.keys(data.remove)];
    return paths.every((p) => isSafeRelative(p) && !reservedPath(p, JOURNAL_PATH)) ? data : undefined;
  } catch {
    return undefined; // a torn journal is as good as none: the plan falls back to comparing contents
  }
}

export function buildJournal(
  to: string,
  manifest: Buffer,
  plan: PlanEntry[],
  target: FileMap,
  disk: (path: string) => Buffer | null,
): Journal {
  const journal: Journal = { to, manifest: sha256(manifest), files: {}, remove: {} };
  for (const e of plan) {
    const generated = target.get(e.path);
    if (e.write && generated)
      journal.files[e.path] = { wrote: sha256(e.write.content), target: sha256(generated.content), status: e.status };
    for (const path of e.remove) {
      const old = disk(path);
      if (old) journal.remove[path] = sha256(old);
    }
  }
  return journal;
}

/** Staged in a folder of its own, then renamed: a kill in between leaves a staging folder the
 *  next run removes (and does not count as uncommitted work), never a stray file. */
export function writeJournal(dir: string, journal: Journal): void {
  const staging = join(dir, stagingName());
  mkdirSync(staging);
  writeFileSync(join(staging, 'journal'), `${JSON.stringify(journal, null, 2)}\n`);
  renameSync(join(staging, 'journal'), join(dir, JOURNAL_PATH));
  rmdirSync(staging);
}

export function clearJournal(dir: string): void {
  rmSync(join(dir, JOURNAL_PATH), { force: true });
}

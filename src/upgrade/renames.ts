// A generated file the founder renamed (`instrument.ts` -> `observability.ts`) looks deleted;
// without this, every later template change to it is lost. As git does, a rename is a deleted
// file and a file the manifest does not know whose contents are at least half the same lines;
// the template's changes are then merged into the new path (issue 27).
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FileEntry, FileMap } from '../file-map.js';
import { isStagingName } from '../staging.js';
import { isLockName } from '../lock.js';
import { type Generated, merge } from './plan.js';
import type { MergeLabels } from './merge.js';
import type { PlanEntry } from './plan-entry.js';
import { isBinary } from './text.js';

/** git's default for --find-renames. */
const SIMILAR = 0.5;
const MAX_SIZE = 1 << 20;
const SKIP = new Set(['.git', 'node_modules']);

/** Files under dir the manifest and the template do not know (no symlinks, no bookkeeping). */
export function unrecordedFiles(dir: string, known: (path: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (SKIP.has(e.name) || isStagingName(e.name) || isLockName(e.name) || e.name.startsWith('.pyme-stack')) continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !known(p) && lstatSync(join(dir, p)).size <= MAX_SIZE) found.push(p);
    }
  };
  walk('');
  return found.sort();
}

/** Share of lines two texts have in common (as git's similarity index, by lines). */
export function similarity(a: Buffer, b: Buffer): number {
  const lines = (x: Buffer) =>
    x
      .toString('utf8')
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l !== '');
  const la = lines(a);
  const lb = lines(b);
  if (la.length === 0 || lb.length === 0) return 0;
  const count = new Map<string, number>();
  for (const l of la) count.set(l, (count.get(l) ?? 0) + 1);
  let common = 0;
  for (const l of lb) {
    const n = count.get(l) ?? 0;
    if (n > 0) {
      common += 1;
      count.set(l, n - 1);
    }
  }
  return (2 * common) / (la.length + lb.length);
}

export interface RenameInput {
  base: FileMap;
  generated: Map<string, Generated>;
  target: FileMap;
  disk: (path: string) => FileEntry | null;
  labels: MergeLabels;
  /** Candidates: files on disk that neither the manifest nor the template knows. */
  unrecorded: string[];
}

/** Replaces each `deleted` entry whose file lives on under another name by a merge into that name. */
export function followRenames(plan: PlanEntry[], input: RenameInput): PlanEntry[] {
  const taken = new Set<string>();
  return plan.map((e) => {
    if (e.status !== 'deleted') return e;
    const old = input.base.get(e.path);
    const target = input.target.get(e.path);
    if (!old || !target || isBinary(old.content)) return e;
    let best: { path: string; file: FileEntry; score: number } | undefined;
    for (const path of input.unrecorded) {
      if (taken.has(path)) continue;
      const file = input.disk(path);
      if (!file || isBinary(file.content)) continue;
      const score = similarity(old.content, file.content);
      if (score >= SIMILAR && (!best || score > best.score)) best = { path, file, score };
    }
    if (!best) return e;
    taken.add(best.path);
    const merged = merge(best.path, best.file, old.content, target, input.generated.get(e.path), input.labels);
    return { ...merged, movedFrom: e.path, note: merged.note ?? 'renamed' };
  });
}

// What an upgrade would change, sized for reading: line counts per file, unified diffs only when
// asked (--diff), lockfiles as one line (a new package-lock.json alone is over a thousand lines),
// and the next step to take.
import { basename } from 'node:path';
import { diffComm } from 'node-diff3';
import type { FileEntry } from '../file-map.js';
import type { Lang } from '../i18n.js';
import { printable } from '../printable.js';
import type { PlanEntry } from './plan-entry.js';
import { unifiedDiff } from './diff.js';
import { splitLines } from './text.js';

export interface LineCounts {
  added: number;
  removed: number;
}

/** Lines added and removed going from before to after (null: the file is absent). */
export function lineCounts(before: string | null, after: string | null): LineCounts {
  const counts = { added: 0, removed: 0 };
  for (const block of diffComm(splitLines(before ?? ''), splitLines(after ?? ''))) {
    if (block.common) continue;
    counts.added += block.buffer2.length;
    counts.removed += block.buffer1.length;
  }
  return counts;
}

const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'bun.lock', 'bun.lockb', 'yarn.lock', 'pnpm-lock.yaml']);

/** Package managers' lockfiles: machine-written, read by nobody line by line. */
export function isLockfile(path: string): boolean {
  return LOCKFILES.has(basename(path));
}

type Disk = (path: string) => FileEntry | null;

/** Each file an entry writes or removes, with its text before and after (null: absent). */
function changes(e: PlanEntry, disk: Disk): { path: string; before: string | null; after: string | null }[] {
  if (e.done) return [];
  const out: { path: string; before: string | null; after: string | null }[] = [];
  // A renamed or moved file is new at its path: its diff is against nothing, as before.
  if (e.write)
    out.push({
      path: e.path,
      before: e.movedFrom ? null : (disk(e.path)?.content.toString('utf8') ?? null),
      after: e.write.content.toString('utf8'),
    });
  for (const path of e.remove) out.push({ path, before: disk(path)?.content.toString('utf8') ?? '', after: null });
  return out;
}

/** Added/removed lines of everything an entry changes; undefined when it changes nothing. */
export function entryCounts(e: PlanEntry, disk: Disk): LineCounts | undefined {
  const all = changes(e, disk).map((c) => lineCounts(c.before, c.after));
  if (all.length === 0) return undefined;
  return all.reduce((a, b) => ({ added: a.added + b.added, removed: a.removed + b.removed }));
}

export const countsText = (c: LineCounts) => `+${c.added} −${c.removed}`;

/** --diff: unified diffs of every write and removal, each lockfile summarised to one line. */
export function changeDiffs(plan: PlanEntry[], disk: Disk, lang: Lang): string {
  let out = '';
  for (const e of plan)
    for (const c of changes(e, disk)) {
      if (isLockfile(c.path)) {
        const lines = lang === 'es' ? 'líneas (lockfile; sin diff)' : 'lines (lockfile; diff left out)';
        out += `${printable(c.path)}: ${countsText(lineCounts(c.before, c.after))} ${lines}\n`;
      } else out += unifiedDiff(c.path, c.before, c.after);
    }
  return out;
}

/** The last lines: what to run next. */
export function nextSteps(o: { dryRun: boolean; diff: boolean; conflicts: number }, lang: Lang): string {
  const es = lang === 'es';
  const steps: string[] = [];
  if (o.dryRun && !o.diff)
    steps.push(
      es
        ? 'Ver cada cambio línea por línea: `npx create-pyme-stack@latest upgrade --dry-run --diff`'
        : 'See each change line by line: `npx create-pyme-stack@latest upgrade --dry-run --diff`',
    );
  if (o.dryRun)
    steps.push(
      es
        ? `Aplicarlo: \`npx create-pyme-stack@latest upgrade\`${o.conflicts > 0 ? ` (dejará ${o.conflicts} conflicto${o.conflicts > 1 ? 's' : ''} por resolver)` : ''}; luego revisa con \`git diff\` y haz commit`
        : `Apply it: \`npx create-pyme-stack@latest upgrade\`${o.conflicts > 0 ? ` (it will leave ${o.conflicts} conflict${o.conflicts > 1 ? 's' : ''} to resolve)` : ''}; then review with \`git diff\` and commit`,
    );
  return steps.length > 0 ? `${es ? 'Siguiente' : 'Next'}:\n${steps.map((s) => `  ${s}`).join('\n')}\n` : '';
}

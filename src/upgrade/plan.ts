// Decides, file by file, what an upgrade does. Pure: it reads the disk only through `disk`,
// so tests (and --dry-run) get the same answers as a real run.
import type { FileEntry, FileMap } from '../file-map.js';
import { sha256 } from '../manifest.js';
import { EXIT } from '../errors.js';
import { basename } from 'node:path';
import { mergeText, type MergeLabels } from './merge.js';
import { mergeChecklist } from './ticks.js';
import { isBinary, isCrlf, isLf, toCrlf, toLf } from './text.js';
import type { Journal } from './journal.js';
import type { PlanEntry } from './plan-entry.js';

/** What the manifest recorded for a generated file. */
export interface Generated {
  sha256: string;
  mode: number;
}

export interface PlanInput {
  /** The recorded version's output, for merging; a file missing here could not be rebuilt. */
  base: FileMap;
  /** The manifest's record of every generated file (default: taken from base). */
  generated?: Map<string, Generated>;
  target: FileMap;
  disk: (path: string) => FileEntry | null;
  labels: MergeLabels;
  /** New path -> old path, from migrations. */
  movedFrom?: Map<string, string>;
  /** Files the founder deleted that an earlier upgrade already reported. */
  reportedDeleted?: Set<string>;
  /** Left by an interrupted upgrade to the same target. */
  journal?: Journal;
  /** True for a path that is a symlink on disk: never read, merged or replaced. */
  isSymlink?: (path: string) => boolean;
}

const exec = (mode: number) => (mode & 0o111 ? 0o755 : 0o644);

/** Same text, allowing the founder's copy to be CRLF where the template wrote LF. */
function sameText(disk: Buffer, generated: Buffer): boolean {
  if (disk.equals(generated)) return true;
  const d = disk.toString('utf8');
  const g = generated.toString('utf8');
  return isCrlf(d) && isLf(g) && toLf(d) === g;
}

/** The founder's copy is the recorded output, allowing CRLF where the template wrote LF. */
function isRecorded(disk: Buffer, known: Generated): boolean {
  if (sha256(disk) === known.sha256) return true;
  const d = disk.toString('utf8');
  return isCrlf(d) && sha256(toLf(d)) === known.sha256;
}

/** Markers an earlier upgrade left that the founder has not resolved yet. */
function hasMarkers(disk: Buffer, labels: MergeLabels): boolean {
  const text = disk.toString('utf8');
  return new RegExp(`^<<<<<<< ${labels.ours}\\r?$`, 'm').test(text) && /^>>>>>>> /m.test(text);
}

/** The generated content in the founder's line endings. */
function inFoundersEol(disk: Buffer, generated: Buffer): Buffer {
  const g = generated.toString('utf8');
  return isCrlf(disk.toString('utf8')) && isLf(g) && !isBinary(generated) ? Buffer.from(toCrlf(g)) : generated;
}

/** The founder's mode wins when they changed it; otherwise the template's. */
const modeFor = (disk: FileEntry, known: Generated | undefined, target: FileEntry) =>
  known && exec(disk.mode) !== exec(known.mode) ? exec(disk.mode) : target.mode;

export function merge(
  path: string,
  disk: FileEntry,
  base: Buffer | undefined,
  target: FileEntry,
  known: Generated | undefined,
  labels: MergeLabels,
): PlanEntry {
  const mode = modeFor(disk, known, target);
  // Without the recorded output (new file, or a base that could not be rebuilt) the merge has no
  // common ancestor: the two versions meet in one conflict, and neither loses a line.
  const note = !known ? ('exists' as const) : !base ? ('no-base' as const) : undefined;
  const sides = { ...(base ? { base } : {}), ours: disk.content, theirs: target.content, mode };
  base ??= Buffer.alloc(0);
  if (isBinary(disk.content) || isBinary(base) || isBinary(target.content)) {
    return { path, status: 'conflict', note: 'binary', remove: [], sides };
  }
  const d = disk.content.toString('utf8');
  const b = base.toString('utf8');
  const t = target.content.toString('utf8');
  const crlf = isCrlf(d) && isLf(b) && isLf(t);
  // The founder's ticks in CHECKLIST.md are theirs, never a conflict with the template's wording.
  const mergeFn = basename(path) === 'CHECKLIST.md' ? mergeChecklist : mergeText;
  const result = mergeFn(crlf ? toLf(d) : d, b, t, labels);
  const text = crlf ? toCrlf(result.text) : result.text;
  return {
    path,
    status: result.conflicts > 0 ? 'conflict' : 'merged',
    ...(note ? { note } : {}),
    write: { content: Buffer.from(text), mode },
    remove: [],
    ...(result.lostTicks ? { lostTicks: result.lostTicks } : {}),
    ...(result.conflicts > 0 ? { sides } : {}),
  };
}

function planFile(path: string, input: PlanInput): PlanEntry | null {
  const baseFile = input.base.get(path);
  const known = input.generated ? input.generated.get(path) : baseFile && { sha256: sha256(baseFile.content), mode: baseFile.mode };
  const target = input.target.get(path);
  const movedFrom = input.movedFrom?.get(path);
  // A symlinked file is the founder's: reading it would pull in whatever it points to (even
  // outside the project), and writing would replace their link.
  if (input.isSymlink?.(path) || (movedFrom && input.isSymlink?.(movedFrom))) return { path, status: 'kept', note: 'symlink', remove: [] };
  let disk = input.disk(path);
  let fromOld = false;
  if (!disk && movedFrom) {
    disk = input.disk(movedFrom);
    fromOld = disk !== null;
  }
  const entry = (e: Omit<PlanEntry, 'path' | 'remove'> & { remove?: string[] }): PlanEntry => {
    const moved = fromOld && movedFrom ? { movedFrom, note: e.note ?? ('moved' as const) } : {};
    const remove = [...(e.remove ?? []), ...(fromOld && movedFrom ? [movedFrom] : [])];
    // A moved file is rewritten at its new path even when its content stays.
    const write = e.write ?? (fromOld && disk && e.status !== 'removed' ? disk : undefined);
    return { path, ...e, ...moved, remove, ...(write ? { write } : {}) };
  };

  // An interrupted run already wrote this file: it is new, not an edit by the founder.
  const journalled = input.journal?.files[path];
  if (disk && target && journalled && journalled.target === sha256(target.content) && journalled.wrote === sha256(disk.content)) {
    return entry({ status: journalled.status, done: true });
  }

  if (known && target) {
    if (!disk) return input.reportedDeleted?.has(path) ? null : entry({ status: 'deleted' });
    const templateSame = sha256(target.content) === known.sha256 && exec(known.mode) === exec(target.mode);
    const untouched = isRecorded(disk.content, known);
    if (untouched && exec(disk.mode) === exec(known.mode)) {
      if (templateSame) return fromOld ? entry({ status: 'kept' }) : null;
      return entry({ status: 'updated', write: { content: inFoundersEol(disk.content, target.content), mode: target.mode } });
    }
    if (sameText(disk.content, target.content) && exec(disk.mode) === exec(target.mode)) {
      return templateSame && !fromOld ? null : entry({ status: templateSame ? 'kept' : 'updated', done: true });
    }
    if (templateSame)
      return entry(hasMarkers(disk.content, input.labels) ? { status: 'conflict', note: 'unresolved' } : { status: 'kept' });
    if (untouched) {
      // Only the founder's mode changed: take the new content, keep their mode.
      return entry({ status: 'updated', write: { content: inFoundersEol(disk.content, target.content), mode: exec(disk.mode) } });
    }
    return entry(merge(path, disk, baseFile?.content, target, known, input.labels));
  }
  if (target) {
    if (!disk) return entry({ status: 'added', write: target });
    if (sameText(disk.content, target.content)) return entry({ status: 'added', done: true });
    // The founder already has a file where the template now puts one: both stay, as a conflict.
    return entry(merge(path, disk, undefined, target, undefined, input.labels));
  }
  if (known && disk) {
    if (isRecorded(disk.content, known)) return entry({ status: 'removed', remove: fromOld ? [] : [path] });
    return entry({ status: 'kept', note: 'template-dropped' });
  }
  return null;
}

export function planUpgrade(input: PlanInput): PlanEntry[] {
  const paths = [...new Set([...input.base.keys(), ...(input.generated?.keys() ?? []), ...input.target.keys()])].sort();
  const plan = paths.map((p) => planFile(p, input)).filter((e): e is PlanEntry => e !== null);
  // Deletions an interrupted run planned but did not reach (e.g. the old path of a moved file).
  for (const [path, sha] of Object.entries(input.journal?.remove ?? {})) {
    const disk = input.disk(path);
    if (disk && sha256(disk.content) === sha && !plan.some((e) => e.remove.includes(path))) {
      plan.push({ path, status: 'removed', remove: [path], done: true });
    }
  }
  return plan;
}

export const conflicts = (plan: PlanEntry[]) => plan.filter((e) => e.status === 'conflict');

/** README "Exit codes": 3 while any conflict is left to resolve. */
export const exitCodeFor = (plan: PlanEntry[]) => (conflicts(plan).length > 0 ? EXIT.conflicts : EXIT.ok);

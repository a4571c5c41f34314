// One writer per folder at a time: `.pyme-stack.lock` names its owner (pid, the process's start
// time, when it took the lock). It appears whole or not at all (written aside, then hard-linked
// into place, which fails if a lock is there). A lock whose owner is gone (SIGKILL, power cut, or
// a pid the system has since given to another process) is taken over atomically; a live one is
// refused at once, never waited on.
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { UserError } from './errors.js';
import { msg } from './i18n.js';
import { shownPath } from './fs-errors.js';

export const LOCK_NAME = '.pyme-stack.lock';
/** The lock and the files a takeover uses beside it. */
export const isLockName = (name: string) => name === LOCK_NAME || name.startsWith(`${LOCK_NAME}.`);
const held = new Set<string>();

/** True while a process with this pid runs (EPERM: it runs as someone else). */
export function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When the process started (clock ticks since boot, /proc/<pid>/stat field 22), where Linux says. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]; // fields after "(comm)" start at 3
  } catch {
    return undefined;
  }
}

export interface LockOwner {
  pid: number;
  start?: string;
  /** ISO time the lock was taken. */
  since?: string;
}

export function lockContent(pid = process.pid): string {
  return `${JSON.stringify({ pid, start: processStart(pid), since: new Date().toISOString() })}\n`;
}

/** The owner a lock names; older versions wrote only the pid. */
export function parseLock(text: string): LockOwner {
  try {
    const data = JSON.parse(text) as LockOwner;
    if (data && Number.isInteger(data.pid)) return data;
  } catch {
    /* the older format */
  }
  return { pid: Number.parseInt(text, 10) };
}

/** The lock's owner still runs: same pid and, where both are known, the same start time. */
export function ownerRuns(owner: LockOwner): boolean {
  if (!alive(owner.pid)) return false;
  const start = owner.start === undefined ? undefined : processStart(owner.pid);
  return start === undefined || start === owner.start;
}

const readOrNull = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

/** Puts content at file only if nothing is there: written aside, then hard-linked (EEXIST if taken). */
function createWhole(file: string, content: string): boolean {
  const aside = `${file}.${process.pid}`;
  writeFileSync(aside, content);
  try {
    linkSync(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSync(aside);
  }
}

/**
 * Replaces the stale lock whose text was `seen` with ours, unless it changed meanwhile. Of all the
 * runs that saw the same stale text, only the one that creates its marker file (O_EXCL) goes on;
 * it checks the lock still holds that text and renames ours over it in one step. Nobody else can
 * change the lock in between: its owner is dead, and a new lock is only created where none is.
 */
export function takeOver(file: string, seen: string, content = lockContent()): boolean {
  const marker = `${file}.takeover-${createHash('sha256').update(seen).digest('hex').slice(0, 16)}`;
  let fd: number;
  try {
    fd = openSync(marker, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another run is taking over; or one died doing it (then its marker goes, and we try again).
    const other = readOrNull(marker);
    if (other !== null && other !== '' && !ownerRuns(parseLock(other))) unlinkSync(marker);
    return false;
  }
  try {
    writeSync(fd, lockContent());
    closeSync(fd);
    if (readOrNull(file) !== seen) return false;
    const aside = `${file}.${process.pid}`;
    writeFileSync(aside, content);
    renameSync(aside, file);
    return true;
  } finally {
    unlinkSync(marker);
  }
}

/** "12 min", "3 h", "2 d": how long ago the lock was taken. */
function age(since: string | undefined): string | undefined {
  const ms = since ? Date.now() - Date.parse(since) : Number.NaN;
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  const min = Math.round(ms / 60_000);
  return min < 120 ? `${min} min` : min < 48 * 60 ? `${Math.round(min / 60)} h` : `${Math.round(min / 1440)} d`;
}

function busy(dir: string, owner: LockOwner): UserError {
  const ago = age(owner.since);
  const es = ago ? ` (tomó el candado hace ${ago})` : '';
  const en = ago ? ` (it took the lock ${ago} ago)` : '';
  return new UserError(
    msg(
      `${shownPath(dir)}: otro create-pyme-stack (pid ${owner.pid}) está escribiendo en esta carpeta${es}. Espera a que termine y vuelve a correrlo (si ese proceso ya no existe, borra ${LOCK_NAME}).`,
      `${shownPath(dir)}: another create-pyme-stack (pid ${owner.pid}) is writing into this folder${en}. Wait for it to finish and run this again (if that process is gone, delete ${LOCK_NAME}).`,
    ),
  );
}

function acquire(dir: string): void {
  const file = join(dir, LOCK_NAME);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createWhole(file, lockContent())) return;
    const seen = readOrNull(file);
    if (seen === null) continue; // released meanwhile: try again
    const owner = parseLock(seen);
    if (owner.pid !== process.pid && ownerRuns(owner)) throw busy(dir, owner);
    // Left by a process that is gone (or whose pid now belongs to another process): take it over.
    if (takeOver(file, seen)) return;
  }
  throw new UserError(msg(`${shownPath(dir)}: no se pudo tomar ${LOCK_NAME}.`, `${shownPath(dir)}: could not take ${LOCK_NAME}.`));
}

/** Runs fn holding dir's lock; re-entrant within one process. */
export async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  if (held.has(dir)) return fn();
  acquire(dir);
  held.add(dir);
  try {
    return await fn();
  } finally {
    held.delete(dir);
    try {
      unlinkSync(join(dir, LOCK_NAME));
    } catch {
      /* already gone */
    }
  }
}

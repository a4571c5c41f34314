// One writer per folder at a time: `.pyme-stack.lock`, created with O_EXCL, holds the owner's
// pid. A lock whose process is gone (SIGKILL, power cut) is taken over; a live one is refused
// at once with its pid, never waited on.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './errors.js';
import { msg } from './i18n.js';
import { shownPath } from './fs-errors.js';

export const LOCK_NAME = '.pyme-stack.lock';
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

function acquire(dir: string): void {
  const file = join(dir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner = NaN;
    try {
      owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
    } catch {
      /* removed meanwhile: try again */
    }
    if (alive(owner) && owner !== process.pid) {
      throw new UserError(
        msg(
          `${shownPath(dir)}: otro create-pyme-stack (pid ${owner}) está escribiendo en esta carpeta. Espera a que termine y vuelve a correrlo (si ese proceso ya no existe, borra ${LOCK_NAME}).`,
          `${shownPath(dir)}: another create-pyme-stack (pid ${owner}) is writing into this folder. Wait for it to finish and run this again (if that process is gone, delete ${LOCK_NAME}).`,
        ),
      );
    }
    // Left by a process that died (or a half-written lock): take it over.
    unlinkSync(file);
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

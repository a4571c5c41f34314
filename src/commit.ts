// The one writer. Everything reaches disk here, all-or-nothing:
// - a new folder is written into a staging folder beside it and renamed into place; the rename
//   is the claim (it only succeeds onto nothing or an empty folder), so two runs never mix files;
// - an existing folder (--force, upgrade) gets every file staged first, then renamed over the old
//   one; the caller holds the folder's lock (lock.ts).
// An error, Ctrl-C or kill restores what was there before, and only what this run created is
// removed: a parent folder that now holds someone else's files stays.
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { FileEntry, FileMap } from './file-map.js';
import { UserError } from './errors.js';
import { msg } from './i18n.js';
import { checkpoint, caughtSignal, watchSignals } from './interrupt.js';
import { fsError, isFsError, shownPath } from './fs-errors.js';
import { checkInside } from './safe-path.js';
import { isLockName } from './lock.js';
import { isStagingName, removeDeadStaging, stagingName } from './staging.js';

/** Files between two looks at pending signals (each look is a turn of the event loop). */
const CHECK_EVERY = 16;
const CANCELLED = msg('Cancelado: no se escribió nada.', 'Cancelled: nothing was written.');
/** An existing folder: files were replaced, then every one was put back. */
const RESTORED = msg(
  'Cancelado: el proyecto quedó como estaba (cada archivo que ya se había escrito se restauró).',
  'Cancelled: the project is as it was (every file already written was put back).',
);

export interface DiskDiff {
  added: string[];
  changed: string[];
  unchanged: string[];
}

/** How the map differs from what is in target now. */
export function diffWithDisk(target: string, files: FileMap): DiskDiff {
  const diff: DiskDiff = { added: [], changed: [], unchanged: [] };
  for (const [path, file] of files) {
    const abs = join(target, path);
    if (!existsSync(abs)) diff.added.push(path);
    else if (readFileSync(abs).equals(file.content) && (statSync(abs).mode & 0o777) === file.mode) diff.unchanged.push(path);
    else diff.changed.push(path);
  }
  return diff;
}

/** Entries in target that make it "not empty" (a lone .git is fine, as in create-vite; our own bookkeeping too). */
export function occupiedEntries(target: string): string[] {
  if (!existsSync(target)) return [];
  if (!statSync(target).isDirectory()) return [basename(target)];
  return readdirSync(target).filter((name) => name !== '.git' && !isLockName(name) && !isStagingName(name));
}

/** Test-only fault injection, between two files (no effect unless the variable is set):
 *  PYME_STACK_TEST_KILL_AFTER=n   SIGKILL (no cleanup) after n files are in place;
 *  PYME_STACK_TEST_PAUSE_AFTER=n  then print "paused" on stderr and wait (up to 10 s) for a signal. */
async function testHooks(done: number): Promise<void> {
  const env = process.env;
  if (env.PYME_STACK_TEST_KILL_AFTER !== undefined && done === Number(env.PYME_STACK_TEST_KILL_AFTER)) process.kill(process.pid, 'SIGKILL');
  if (env.PYME_STACK_TEST_PAUSE_AFTER !== undefined && done === Number(env.PYME_STACK_TEST_PAUSE_AFTER)) {
    process.stderr.write('paused\n');
    for (let waited = 0; waited < 10_000 && !caughtSignal(); waited += 20) await new Promise((r) => setTimeout(r, 20));
  }
}

/** Test-only: PYME_STACK_TEST_FAIL_AFTER=n:CODE makes the file after n written ones fail
 *  half-written with that errno code (ENOSPC, EROFS...), as a full or broken disk does. A full
 *  disk fails in write(2), whose error names no file: ENOSPC is the real one, from /dev/full. */
function testFault(written: number, next: string): void {
  const fail = process.env.PYME_STACK_TEST_FAIL_AFTER?.split(':');
  if (fail && written === Number(fail[0])) {
    writeFileSync(next, 'half'); // what a full disk leaves: a torn file
    if (fail[1] === 'ENOSPC') writeFileSync('/dev/full', 'x');
    throw Object.assign(new Error(`${fail[1]}: injected, open '${next}'`), { code: fail[1], path: next });
  }
}

/** The founder never sees staging paths: name the file where it was going. */
function translated(error: unknown, staging: string, target: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.path === 'string' && e.path.startsWith(staging)) e.path = target + e.path.slice(staging.length);
  return isFsError(error) ? fsError(error, true) : error;
}

/** A symlink to nothing where a folder must be: the founder's to fix (we never create its target). */
function dangling(link: string): UserError {
  const to = readlinkSync(link);
  return new UserError(
    msg(
      `${shownPath(link)} es un enlace simbólico a ${to}, que no existe. Crea esa carpeta o elige otra ruta.`,
      `${shownPath(link)} is a symbolic link to ${to}, which does not exist. Create that folder or pick another path.`,
    ),
  );
}

/** The folder to write: a target that is a symlink to a folder is written through (the founder
 *  pointed it there); one to nothing is refused. */
function throughLink(target: string): string {
  let link = false;
  try {
    link = lstatSync(target).isSymbolicLink();
  } catch {
    return target;
  }
  if (!link) return target;
  if (!existsSync(target)) throw dangling(target);
  return statSync(target).isDirectory() ? realpathSync(target) : target;
}

/** Creates the missing folders above dir one by one; returns the ones this call made, outermost first. */
function makeParents(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) missing.unshift(d);
  const made: string[] = [];
  for (const d of missing) {
    try {
      mkdirSync(d);
      made.push(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lstatSync(d).isSymbolicLink() && !existsSync(d)) throw dangling(d);
      // otherwise another run made it: not ours
    }
  }
  return made;
}

/** Removes folders this run made, innermost first, only while they are empty. */
function removeIfEmpty(dirs: string[]): void {
  for (const dir of [...dirs].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      /* not empty: something else lives there now */
    }
  }
}

function taken(target: string): UserError {
  return new UserError(
    msg(
      `${shownPath(target)}: otra ejecución escribió en esta carpeta mientras se generaba el proyecto; no se tocó lo suyo y no se escribió nada. Elige otra carpeta.`,
      `${shownPath(target)}: another run wrote into this folder while the project was being generated; its files were left alone and nothing was written. Pick another folder.`,
    ),
  );
}

/** Writes a folder that does not exist yet (or is empty): staged beside it, then renamed onto it. */
export async function commitNew(requested: string, files: FileMap): Promise<void> {
  watchSignals();
  const target = throughLink(requested);
  for (const path of files.keys()) checkInside(target, path, shownPath(target));
  const parent = dirname(target);
  const madeParents = makeParents(parent);
  removeDeadStaging(parent);
  const staging = join(parent, stagingName());
  const existedEmpty = existsSync(target);
  let renamed = false;
  try {
    mkdirSync(staging); // 0o777 minus the umask, as any new folder
    // The staging folder is ours and new: make each folder once, and learn the umask from it so
    // that only files whose mode it would clip need a chmod (one stat instead of a chmod a file).
    const umask = 0o777 & ~statSync(staging).mode;
    const made = new Set<string>([staging]);
    let done = 0;
    for (const [path, file] of files) {
      const abs = join(staging, path);
      const dir = dirname(abs);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFile(abs, file.content, file.mode, done);
      if (file.mode & umask) chmodSync(abs, file.mode);
      done += 1;
      await testHooks(done);
      if (done % CHECK_EVERY === 0 || caughtSignal()) await checkpoint(CANCELLED);
    }
    await checkpoint(CANCELLED);
    try {
      renameSync(staging, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') throw taken(target);
      throw error;
    }
    renamed = true;
    await checkpoint(CANCELLED); // a signal during the rename still means "leave nothing"
  } catch (error) {
    rmSync(renamed ? target : staging, { recursive: true, force: true }); // both are this run's own
    if (renamed && existedEmpty) mkdirSync(target, { recursive: true });
    removeIfEmpty(madeParents);
    throw translated(error, staging, target);
  }
}

/** What a path held before this run renamed a file over it: a file, a symlink, or nothing. */
type Previous = { content: Buffer; mode: number } | { link: string } | null;

/** Writes into an existing folder: stage every file, then rename each into place, remove, and
 *  rename `last` (the upgrade's manifest) at the very end; undo everything on failure or signal.
 *  The caller holds target's lock. */
export async function commitInto(target: string, files: FileMap, remove: string[] = [], last?: [string, FileEntry]): Promise<void> {
  watchSignals();
  const where = shownPath(target);
  for (const path of [...files.keys(), ...remove, ...(last ? [last[0]] : [])]) checkInside(target, path, where);
  removeDeadStaging(target);
  const staging = join(target, stagingName());
  const createdDirs: string[] = [];
  const replaced = new Map<string, Previous>();
  const remember = (abs: string) => {
    if (replaced.has(abs)) return;
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(abs);
    } catch {
      replaced.set(abs, null);
      return;
    }
    if (stat.isFile()) replaced.set(abs, { content: readFileSync(abs), mode: stat.mode & 0o777 });
    else if (stat.isSymbolicLink()) replaced.set(abs, { link: readlinkSync(abs) }); // the rename replaces the link itself
    // a folder cannot be renamed over: the rename fails and it stays
  };
  const stage = async (path: string, file: FileEntry, count: number): Promise<[string, string]> => {
    const tmp = join(staging, path); // mirrors the target, so an error names the real file
    mkdirSync(dirname(tmp), { recursive: true });
    writeFile(tmp, file.content, file.mode, count);
    chmodSync(tmp, file.mode); // the umask may have cleared bits
    if ((count + 1) % CHECK_EVERY === 0) await checkpoint(CANCELLED);
    return [tmp, join(target, path)];
  };
  let done = 0;
  const move = async ([tmp, abs]: [string, string]) => {
    createdDirs.push(...makeParents(dirname(abs)));
    remember(abs);
    renameSync(tmp, abs);
    done += 1;
    await testHooks(done);
    if (done % CHECK_EVERY === 0 || caughtSignal()) await checkpoint(RESTORED);
  };
  try {
    mkdirSync(staging);
    const staged: [string, string][] = [];
    for (const [path, file] of files) staged.push(await stage(path, file, staged.length));
    const stagedLast = last ? await stage(last[0], last[1], staged.length) : undefined;
    await checkpoint(CANCELLED);
    for (const file of staged) await move(file);
    for (const path of remove) {
      const abs = join(target, path);
      remember(abs);
      rmSync(abs, { force: true });
    }
    await checkpoint(RESTORED);
    if (stagedLast) await move(stagedLast);
    await checkpoint(RESTORED); // a signal during the last rename still means "all old"
    rmSync(staging, { recursive: true, force: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const failed = restore(replaced);
    removeIfEmpty(createdDirs);
    if (failed.length > 0) throw notRestored(failed, target, error);
    throw translated(error, staging, target);
  }
}

/** Puts back what each path held; returns the paths it could not. */
function restore(replaced: Map<string, Previous>): string[] {
  const failed: string[] = [];
  for (const [abs, old] of replaced) {
    try {
      if (old === null) rmSync(abs, { force: true });
      else if ('link' in old) {
        rmSync(abs, { force: true });
        symlinkSync(old.link, abs);
      } else {
        writeFileSync(abs, old.content, { mode: old.mode });
        chmodSync(abs, old.mode);
      }
    } catch {
      failed.push(abs); // keep restoring the others
    }
  }
  return failed;
}

/** The undo itself failed (disk gone read-only, say): never claim the project is as it was. */
function notRestored(failed: string[], target: string, cause: unknown): UserError {
  const list = failed.map((abs) => shownPath(abs)).join(', ');
  const why = cause instanceof Error ? cause.message : String(cause);
  return new UserError(
    msg(
      `${shownPath(target)}: la escritura se detuvo (${why}) y no se pudieron restaurar: ${list}. Recupéralos con \`git checkout -- <archivo>\`.`,
      `${shownPath(target)}: writing stopped (${why}) and these could not be put back: ${list}. Recover them with \`git checkout -- <file>\`.`,
    ),
  );
}

/** writeFileSync, naming the file when the disk refuses it: a failed write(2) carries no path. */
function writeFile(abs: string, content: Buffer, mode: number, count: number): void {
  try {
    testFault(count, abs);
    writeFileSync(abs, content, { mode });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e && typeof e === 'object' && e.path === undefined) e.path = abs;
    throw error;
  }
}

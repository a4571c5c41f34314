// The one writer. Everything reaches disk here, all-or-nothing:
// - a new folder is written beside the target under a temporary name and renamed into place;
// - an existing folder (--force, upgrade) gets every file staged first under a temporary name,
//   then renamed over the old one; an error or Ctrl-C restores what was there before.
import {
  chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { FileMap } from './file-map.js';

const TMP_SUFFIX = '.pyme-stack-tmp';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

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

/** Entries in target that make it "not empty" (a lone .git is fine, as in create-vite). */
export function occupiedEntries(target: string): string[] {
  if (!existsSync(target)) return [];
  if (!statSync(target).isDirectory()) return [basename(target)];
  return readdirSync(target).filter((name) => name !== '.git');
}

/** Runs fn with Ctrl-C/kill turned into `undo(); exit 130`, so an interrupted write leaves nothing half-done. */
function guarded<T>(undo: () => void, fn: () => T): T {
  const onSignal = (signal: NodeJS.Signals) => {
    undo();
    process.exit(signal === 'SIGINT' ? 130 : 128 + (signal === 'SIGTERM' ? 15 : 1));
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    return fn();
  } catch (error) {
    undo();
    throw error;
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}

/** Test-only: PYME_STACK_TEST_KILL_AFTER=n kills the process (SIGKILL, no cleanup) after n files. */
function testKillHook(done: number) {
  const after = process.env.PYME_STACK_TEST_KILL_AFTER;
  if (after !== undefined && done === Number(after)) process.kill(process.pid, 'SIGKILL');
}

function writeFile(abs: string, content: Buffer, mode: number) {
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content, { mode });
  chmodSync(abs, mode); // the umask may have cleared bits
}

/** Writes a folder that does not exist yet. */
export function commitNew(target: string, files: FileMap): void {
  if (existsSync(target)) throw new Error(`${target} already exists`);
  const missing: string[] = [];
  for (let dir = dirname(target); !existsSync(dir); dir = dirname(dir)) missing.unshift(dir);
  const staging = join(dirname(target), `.${basename(target)}${TMP_SUFFIX}-${process.pid}`);
  const undo = () => {
    rmSync(staging, { recursive: true, force: true });
    for (const dir of missing.reverse()) rmSync(dir, { recursive: true, force: true });
  };
  guarded(undo, () => {
    mkdirSync(dirname(staging), { recursive: true });
    rmSync(staging, { recursive: true, force: true }); // left by a killed run with our pid
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
      writeFileSync(abs, file.content, { mode: file.mode });
      if (file.mode & umask) chmodSync(abs, file.mode);
      testKillHook(++done);
    }
    renameSync(staging, target);
  });
}

/** Writes into an existing folder: stage every file, then rename each into place; undo on failure. */
export function commitInto(target: string, files: FileMap, remove: string[] = []): void {
  const staged: string[] = [];
  const createdDirs: string[] = [];
  const replaced = new Map<string, { content: Buffer; mode: number } | null>();
  const undo = () => {
    for (const tmp of staged) rmSync(tmp, { force: true });
    for (const [abs, old] of replaced) {
      if (old) writeFile(abs, old.content, old.mode);
      else rmSync(abs, { force: true });
    }
    for (const dir of createdDirs.reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        /* not empty: something else lives there now */
      }
    }
  };
  const remember = (abs: string) => {
    if (replaced.has(abs)) return;
    replaced.set(abs, existsSync(abs) ? { content: readFileSync(abs), mode: statSync(abs).mode & 0o777 } : null);
  };
  guarded(undo, () => {
    for (const [path, file] of files) {
      const abs = join(target, path);
      for (let dir = dirname(abs); !existsSync(dir); dir = dirname(dir)) createdDirs.unshift(dir);
      const tmp = abs + TMP_SUFFIX;
      writeFile(tmp, file.content, file.mode);
      staged.push(tmp);
    }
    let done = 0;
    for (const [path] of files) {
      const abs = join(target, path);
      remember(abs);
      renameSync(abs + TMP_SUFFIX, abs);
      testKillHook(++done);
    }
    staged.length = 0;
    for (const path of remove) {
      const abs = join(target, path);
      remember(abs);
      rmSync(abs, { force: true });
    }
  });
}

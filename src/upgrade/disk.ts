// Reading the founder's files, and tidying what a killed run or a removal leaves behind.
import { existsSync, lstatSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FileEntry } from '../file-map.js';
import { checkInside } from '../safe-path.js';
import { MANIFEST_PATH } from '../manifest.js';

/** The file at path under dir, or null when there is none (a folder or a symlink there counts
 *  as none: a symlink is never read through, see isSymlink). */
export function diskReader(dir: string): (path: string) => FileEntry | null {
  return (path) => {
    checkInside(dir, path, MANIFEST_PATH); // never read (and then write) through a symlinked folder
    const abs = join(dir, path);
    const stat = lstatOrNull(abs);
    if (!stat?.isFile()) return null;
    return { content: readFileSync(abs), mode: stat.mode & 0o777 };
  };
}

/** True when path under dir is a symlink (to a file, a folder or nothing): the founder's, left as it is. */
export function symlinkReader(dir: string): (path: string) => boolean {
  return (path) => {
    checkInside(dir, path, MANIFEST_PATH);
    return lstatOrNull(join(dir, path))?.isSymbolicLink() ?? false;
  };
}

function lstatOrNull(abs: string) {
  try {
    return lstatSync(abs);
  } catch {
    return null;
  }
}

/** Staged copies (`x.pyme-stack-tmp`) a killed writer left next to the given paths. */
export function removeStaleStaging(dir: string, paths: Iterable<string>): void {
  for (const path of paths) {
    const tmp = join(dir, `${path}.pyme-stack-tmp`);
    if (existsSync(tmp) && lstatSync(tmp).isFile()) rmSync(tmp);
  }
}

/** Folders that a removal left empty, up to (not including) dir. */
export function removeEmptyParents(dir: string, paths: string[]): void {
  const root = resolve(dir);
  for (const path of paths) {
    for (let d = dirname(resolve(root, path)); d.startsWith(`${root}/`); d = dirname(d)) {
      if (!existsSync(d) || readdirSync(d).length > 0) break;
      rmdirSync(d);
    }
  }
}

// Every path the writer touches stays inside the project: a manifest is a file anyone can edit
// (or commit), so `../x`, `/etc/x` or a committed symlink to a folder elsewhere must never make
// us read, write or delete outside it.
import { lstatSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { UserError } from './errors.js';
import { msg } from './i18n.js';

/** A relative path of plain names: no `..`, `.`, empty parts, backslashes or NUL. */
export function isSafeRelative(path: string): boolean {
  if (typeof path !== 'string' || path === '' || isAbsolute(path) || /[\\\0]/.test(path)) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

export function unsafePath(path: string, where: string): UserError {
  const shown = JSON.stringify(path.length > 120 ? `${path.slice(0, 120)}…` : path);
  return new UserError(
    msg(
      `${where}: la ruta ${shown} sale de la carpeta del proyecto; no se toca nada fuera de ella.`,
      `${where}: the path ${shown} leaves the project folder; nothing outside it is touched.`,
    ),
  );
}

/** Throws unless path is a plain relative path whose existing parent folders are real folders. */
export function checkInside(root: string, path: string, where: string): void {
  if (!isSafeRelative(path)) throw unsafePath(path, where);
  const parts = path.split('/');
  let dir = root;
  for (let i = 0; i < parts.length - 1; i++) {
    dir = join(dir, parts[i]!);
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(dir);
    } catch {
      return; // missing: the writer makes it, as a real folder
    }
    if (stat.isSymbolicLink()) {
      const link = JSON.stringify(parts.slice(0, i + 1).join('/'));
      throw new UserError(
        msg(
          `${where}: ${link} es un enlace simbólico; no se escribe a través de él (podría apuntar fuera del proyecto).`,
          `${where}: ${link} is a symbolic link; nothing is written through it (it could point outside the project).`,
        ),
      );
    }
    if (!stat.isDirectory()) return; // a file in the way: the write fails with ENOTDIR
  }
}

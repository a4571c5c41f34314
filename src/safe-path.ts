// Every path the writer touches stays inside the project: a manifest is a file anyone can edit
// (or commit), so `../x`, `/etc/x` or a committed symlink to a folder elsewhere must never make
// us read, write or delete outside it.
import { lstatSync } from 'node:fs';
import { isAbsolute, join, posix } from 'node:path';
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

/** Bookkeeping files a manifest entry must never name: we write them ourselves. */
const OUR_FILES = new Set(['.pyme-stack.json', '.pyme-stack.lock', '.pyme-stack-upgrade.json']);

/** Why a path is off limits even inside the project: git's own folder (any case, any depth: a
 *  case-insensitive disk takes `.GIT` for `.git`) or our bookkeeping (staging folders, lock,
 *  journal). Checked on the normalised path, so `./.git/HEAD` and `a/../.git/x` count too. */
export function reservedPart(path: string): 'git' | 'ours' | undefined {
  if (typeof path !== 'string') return undefined;
  const parts = posix.normalize(path.replace(/\\/g, '/')).toLowerCase().split('/');
  if (parts.some((part) => part === '.git')) return 'git';
  if (parts.slice(0, -1).some((part) => part.startsWith('.pyme-stack'))) return 'ours';
  return undefined;
}

export function reservedPath(path: string, where: string): UserError | undefined {
  const why = reservedPart(path) ?? (OUR_FILES.has(posix.normalize(path).toLowerCase()) ? 'ours' : undefined);
  if (!why) return undefined;
  const shown = JSON.stringify(path.length > 120 ? `${path.slice(0, 120)}…` : path);
  return new UserError(
    why === 'git'
      ? msg(
          `${where}: la ruta ${shown} está dentro de .git; create-pyme-stack nunca toca el repositorio de git.`,
          `${where}: the path ${shown} is inside .git; create-pyme-stack never touches the git repository.`,
        )
      : msg(
          `${where}: la ruta ${shown} es de create-pyme-stack (su registro interno); no puede venir en el manifiesto.`,
          `${where}: the path ${shown} belongs to create-pyme-stack (its own bookkeeping); a manifest cannot list it.`,
        ),
  );
}

/** Throws unless path is a plain relative path, outside .git and our staging folders, whose
 *  existing parent folders are real folders. */
export function checkInside(root: string, path: string, where: string): void {
  const reserved = reservedPart(path);
  if (reserved) throw reservedPath(path, where)!;
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

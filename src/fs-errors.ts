// The file system refusing a write (disk full, read-only, no permission, a name too long) is
// the founder's to fix, not our bug: one clear line naming the path, in their language, exit 1.
import { relative } from 'node:path';
import { EXIT, UserError } from './errors.js';
import { msg, type Msg } from './i18n.js';

const REASONS: Record<string, Msg> = {
  ENOSPC: msg('no queda espacio en el disco', 'no space left on the disk'),
  EDQUOT: msg('se acabó tu cuota de disco', 'your disk quota is used up'),
  EROFS: msg('el sistema de archivos es de solo lectura', 'the file system is read-only'),
  EACCES: msg('no tienes permiso para escribir ahí', 'you have no permission to write there'),
  EPERM: msg('el sistema no permite esta operación ahí', 'the system does not allow this there'),
  ENAMETOOLONG: msg('el nombre es demasiado largo para el sistema de archivos', 'the name is too long for the file system'),
  ENOTDIR: msg('una parte de la ruta es un archivo, no una carpeta', 'a part of the path is a file, not a folder'),
  EISDIR: msg('ahí hay una carpeta donde va un archivo', 'there is a folder where a file goes'),
  ELOOP: msg('la ruta tiene demasiados enlaces simbólicos', 'the path has too many symbolic links'),
  EMFILE: msg('hay demasiados archivos abiertos', 'too many files are open'),
  EIO: msg('error de entrada/salida del disco', 'the disk reported an I/O error'),
};

const UNDONE = msg('No se escribió nada.', 'Nothing was written.');

/** Relative when inside the current folder, absolute otherwise. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

export const isFsError = (error: unknown): error is NodeJS.ErrnoException =>
  error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && (error as NodeJS.ErrnoException).code! in REASONS;

/** The error as the founder reads it; `undone` when the writer rolled its work back. */
export function fsError(error: NodeJS.ErrnoException, undone: boolean): UserError {
  const reason = REASONS[error.code!]!;
  const where = error.path ? `${shownPath(error.path)}: ` : '';
  const text = (lang: 'es' | 'en') => `${where}${reason[lang]} (${error.code})${undone ? `. ${UNDONE[lang]}` : ''}`;
  return new UserError({ es: text('es'), en: text('en') }, EXIT.input);
}

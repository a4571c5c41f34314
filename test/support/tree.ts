// A folder's whole content, for before/after comparisons: path -> mode + sha256 of each file,
// or the target of each symlink (never followed), .git included.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** path -> mode + sha256 (or link target) of everything, .git included. */
export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      const abs = join(dir, p);
      if (e.isSymbolicLink()) out[p] = `-> ${readlinkSync(abs)}`;
      else if (e.isDirectory()) walk(p);
      else out[p] = `${(lstatSync(abs).mode & 0o777).toString(8)} ${createHash('sha256').update(readFileSync(abs)).digest('hex')}`;
    }
  };
  walk('');
  return out;
}

// Staging folders: where the writer puts files before renaming them into place. Their names are
// short (a 255-byte file name still fits beside them) and carry the writer's pid, so the next run
// can remove the ones a killed process (SIGKILL) left behind.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { alive } from './lock.js';

const PREFIX = '.pyme-stack-tmp-';
/** Also the names older versions used (`.<name>.pyme-stack-tmp-<pid>`). */
const STAGING = /^\..*pyme-stack-tmp-(\d+)(?:-\d+)?$/;
let counter = 0;

export const isStagingName = (name: string) => STAGING.test(name);

export function stagingName(): string {
  return `${PREFIX}${process.pid}-${counter++}`;
}

/** Removes staging folders in dir whose process is gone; returns their names. */
export function removeDeadStaging(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const dead = names.filter((name) => {
    const pid = Number(STAGING.exec(name)?.[1]);
    return pid > 0 && pid !== process.pid && !alive(pid);
  });
  for (const name of dead) rmSync(join(dir, name), { recursive: true, force: true });
  return dead;
}

// The installs the founder would otherwise type, one per package folder (printed, or run by --install).
import type { FileMap } from './file-map.js';

/** Folders with a package.json, and the command that installs each from its lockfile. */
export function installSteps(files: FileMap): { dir: string; command: string[] }[] {
  const steps: { dir: string; command: string[] }[] = [];
  for (const path of files.keys()) {
    if (!path.endsWith('package.json')) continue;
    const dir = path.slice(0, -'package.json'.length).replace(/\/$/, '') || '.';
    const lock = (name: string) => files.has(dir === '.' ? name : `${dir}/${name}`);
    if (lock('bun.lock')) steps.push({ dir, command: ['bun', 'install', '--frozen-lockfile'] });
    else if (lock('package-lock.json')) steps.push({ dir, command: ['npm', 'ci'] });
    else steps.push({ dir, command: ['npm', 'install'] });
  }
  return steps;
}

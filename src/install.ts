// --install: the installs the founder would otherwise type, one per package folder.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FileMap } from './render.js';

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

export function runInstalls(target: string, files: FileMap, log: (line: string) => void): boolean {
  for (const step of installSteps(files)) {
    log(`${step.dir}: ${step.command.join(' ')}`);
    const cwd = join(target, step.dir);
    if (!existsSync(cwd)) continue;
    const result = spawnSync(step.command[0]!, step.command.slice(1), { cwd, stdio: 'inherit' });
    if (result.status !== 0) return false;
  }
  return true;
}

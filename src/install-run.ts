// --install: runs the installs installSteps lists, in the generated folder.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FileMap } from './file-map.js';
import { installSteps } from './install.js';

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

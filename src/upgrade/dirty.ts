// An upgrade rewrites many files; on top of uncommitted work the founder could not tell our
// changes from theirs (or undo ours with git). So a dirty work tree is refused unless --force.
import { spawnSync } from 'node:child_process';
import { isLockName } from '../lock.js';
import { isStagingName } from '../staging.js';

/** Our own bookkeeping (the lock, a live writer's staging folder) is not the founder's work. */
const ours = (path: string) => path.split('/').some((part) => isLockName(part) || isStagingName(part));

/** Uncommitted paths under dir (`git status --porcelain`), or [] when dir is not in a git work tree. */
export function uncommitted(dir: string): string[] {
  const inside = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir, encoding: 'utf8' });
  if (inside.status !== 0 || inside.stdout.trim() !== 'true') return [];
  // --no-optional-locks: a plain `git status` refreshes .git/index, and upgrade never writes
  // under .git unless it records conflicts.
  const status = spawnSync('git', ['--no-optional-locks', 'status', '--porcelain', '--untracked-files=all', '--', '.'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (status.status !== 0) return [`(git status failed: ${status.stderr.trim()})`];
  return status.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3))
    .filter((p) => !ours(p));
}

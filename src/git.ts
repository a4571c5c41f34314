// `git init` + a first commit, so the founder can push to GitHub right away.
import { spawnSync } from 'node:child_process';

const run = (cwd: string, args: string[], env?: NodeJS.ProcessEnv) =>
  spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });

export function hasGit(): boolean {
  return run(process.cwd(), ['--version']).status === 0;
}

export function insideWorkTree(dir: string): boolean {
  return run(dir, ['rev-parse', '--is-inside-work-tree']).stdout?.trim() === 'true';
}

/** Returns an error text, or undefined when the first commit was made. */
export function initialCommit(dir: string, message: string): string | undefined {
  const init = run(dir, ['init', '-q', '-b', 'main']);
  if (init.status !== 0) return init.stderr.trim();
  run(dir, ['add', '-A']);
  // A machine without a git identity still gets its first commit.
  const identity = run(dir, ['config', 'user.email']).stdout.trim()
    ? {}
    : { GIT_AUTHOR_NAME: 'create-pyme-stack', GIT_AUTHOR_EMAIL: 'create-pyme-stack@localhost', GIT_COMMITTER_NAME: 'create-pyme-stack', GIT_COMMITTER_EMAIL: 'create-pyme-stack@localhost' };
  const commit = run(dir, ['commit', '-q', '--no-verify', '-m', message], identity);
  return commit.status === 0 ? undefined : commit.stderr.trim();
}
